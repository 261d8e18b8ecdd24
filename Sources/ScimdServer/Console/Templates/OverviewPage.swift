/// The last 24 hours at a glance, each identity-provider credential's last sync, and what to
/// paste into Entra ID.
enum OverviewPage {
    static let name = "overview"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Overview: the last 24 hours</h1>
        {{#o.report}}
        <div class="notice{{#critical}} error{{/critical}}{{#warning}} warning{{/warning}}" role="status">
        <strong>Failure rate {{failurePercent}}</strong> — {{failureRate.message}}
        </div>
        <div class="cards">
        <div class="card"><span class="number">{{users.created}}</span>users created</div>
        <div class="card"><span class="number">{{users.updated}}</span>users updated</div>
        <div class="card"><span class="number">{{users.deactivated}}</span>deactivated</div>
        <div class="card"><span class="number">{{users.deleted}}</span>users deleted</div>
        <div class="card"><span class="number">{{failureRate.failures}}</span><a href="/console/log?status=failure&amp;since=24h">failed writes</a></div>
        <div class="card"><span class="number">{{openErrors}}</span>open mapping errors</div>
        </div>
        {{#has_openMappingErrors}}
        <h2>Open mapping errors</h2>
        <ul>{{#openMappingErrors}}<li>{{reason}} ({{users}} user(s), group {{group}} → {{target}}). <strong>Remedy:</strong> {{remedy}}</li>{{/openMappingErrors}}</ul>
        {{/has_openMappingErrors}}
        {{/o.report}}
        <h2>Identity-provider credentials</h2>
        {{#o.has_credentials}}
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">Id or prefix</th><th scope="col">State</th><th scope="col">Last sync (UTC)</th></tr></thead>
        <tbody>{{#o.credentials}}<tr><td>{{kind}}</td><td>{{name}}</td><td><code>{{identifier}}</code></td><td>{{state}}</td><td>{{lastSync}}{{^lastSync}}never{{/lastSync}}</td></tr>{{/o.credentials}}</tbody>
        </table>
        </div>
        {{/o.has_credentials}}
        {{^o.has_credentials}}<p>No SCIM token or OAuth client yet: ask the operator for one.</p>{{/o.has_credentials}}
        <h2>Set up Entra ID</h2>
        <dl class="facts">
        <dt>Tenant URL</dt><dd><code>{{o.tenantURL}}</code></dd>
        <dt>Secret token</dt><dd>a SCIM bearer token of this tenant (<code>scimctl tokens create</code>), or</dd>
        <dt>OAuth 2.0 client credentials</dt><dd>token endpoint <code>{{tokenEndpoint}}</code>, with a client id and secret of this tenant</dd>
        </dl>
        {{/content}}{{/layout}}
        """
}
