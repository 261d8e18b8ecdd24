/// A user's diagnosis: eligibility and each scope rule, effective roles and organization with
/// the mappings they came from, open mapping errors with their remedies, the last log entries.
enum UserPage {
    static let name = "user"
    static let template = """
        {{<layout}}{{$content}}
        {{#d}}
        <h1>{{#user}}{{userName}}{{/user}}{{^user}}{{key}}{{/user}}</h1>
        <p><a href="/console/users">Back to users</a></p>
        <p class="notice{{#problem}} warning{{/problem}}" role="status">{{summary}}</p>
        {{#user}}
        <dl class="facts">
        <dt>Id</dt><dd><code>{{id}}</code></dd>
        <dt>userName</dt><dd>{{userName}}</dd>
        <dt>External id</dt><dd><code>{{externalId}}</code></dd>
        <dt>Source</dt><dd>{{source}}</dd>
        <dt>Active</dt><dd>{{#active}}yes{{/active}}{{^active}}no{{/active}}</dd>
        <dt>In sync scope</dt><dd>{{eligibleText}}</dd>
        </dl>
        {{/user}}
        {{#refusal}}<h2>Last refusal</h2><p class="notice error">{{refusal}}</p>{{/refusal}}
        {{#has_rules}}
        <h2>Scope rules</h2>
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Rule</th><th scope="col">Expected</th><th scope="col">The user has</th><th scope="col">Result</th></tr></thead>
        <tbody>
        {{#rules}}<tr><td>{{rule}}</td><td>{{expected}}</td><td>{{values}}</td>
        <td>{{#met}}<span class="met">met</span>{{/met}}{{^met}}<span class="unmet">not met</span>{{/met}}</td></tr>{{/rules}}
        </tbody>
        </table>
        </div>
        {{/has_rules}}
        {{#assignment}}
        <h2>Effective assignment</h2>
        {{#suspended}}<p class="notice warning">The user is inactive: the assignment is kept but grants nothing.</p>{{/suspended}}
        {{#outOfScope}}<p class="notice warning">Out of sync scope ({{outOfScope}}): roles and organization are not updated.</p>{{/outOfScope}}
        {{#has_roles}}
        <table>
        <thead><tr><th scope="col">Role</th><th scope="col">From group</th><th scope="col">Mapping</th></tr></thead>
        <tbody>{{#roles}}<tr><td>{{role}}</td><td>{{group}}</td><td>#{{mapping}}</td></tr>{{/roles}}</tbody>
        </table>
        {{/has_roles}}
        {{^roles}}<p>No roles.</p>{{/roles}}
        <p>Organization: {{#organization}}<strong>{{name}}</strong>{{#group}} (from group {{group}}, mapping #{{mapping}}){{/group}}{{/organization}}{{^organization}}none{{/organization}}</p>
        {{/assignment}}
        {{#has_errors}}
        <h2>Open mapping errors</h2>
        <ul>{{#errors}}<li>{{reason}} — <strong>Remedy:</strong> {{remedy}} (<a href="/console/log/{{logEntry}}">log entry {{logEntry}}</a>)</li>{{/errors}}</ul>
        {{/has_errors}}
        {{#has_candidates}}
        <h2>Users with this email</h2>
        <ul>{{#candidates}}<li><a href="/console/users/{{id}}">{{userName}}</a></li>{{/candidates}}</ul>
        {{/has_candidates}}
        {{#has_checklist}}
        <h2>What to check at the identity provider</h2>
        <ul>{{#checklist}}<li>{{.}}</li>{{/checklist}}</ul>
        {{/has_checklist}}
        {{#has_log}}
        <h2>Last sync-log entries</h2>
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Status</th><th scope="col">Operation</th><th scope="col">Message</th></tr></thead>
        <tbody>
        {{#log}}<tr><td><a href="/console/log/{{seq}}">{{time}}</a></td><td><span class="status status-{{status}}">{{status}}</span></td>
        <td>{{operation}}</td><td class="message">{{message}}</td></tr>{{/log}}
        </tbody>
        </table>
        </div>
        {{/has_log}}
        {{/d}}
        {{/content}}{{/layout}}
        """
}
