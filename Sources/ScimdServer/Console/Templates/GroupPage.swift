/// A group: member counts, the mappings that name it, and DiagnoseGroup's scope patterns.
enum GroupPage {
    static let name = "group"
    static let template = """
        {{<layout}}{{$content}}
        {{#diagnosis}}
        <h1>{{group.displayName}}</h1>
        <p><a href="/console/groups">Back to groups</a></p>
        <dl class="facts">
        <dt>Id</dt><dd><code>{{group.id}}</code></dd>
        <dt>External id</dt><dd><code>{{group.externalId}}</code></dd>
        <dt>Users</dt><dd>{{users}}</dd>
        <dt>Nested groups</dt><dd>{{groups}}</dd>
        <dt>In sync scope</dt><dd>{{inScope}}</dd>
        <dt>Out of sync scope</dt><dd>{{outOfScope}}</dd>
        <dt>Inactive</dt><dd>{{inactive}}</dd>
        </dl>
        {{/diagnosis}}
        <h2>Mappings</h2>
        {{#has_mappings}}
        <ul>{{#mappings}}<li>{{kind}} <strong>{{target}}</strong>{{^targetExists}} <span class="unmet">(does not exist)</span>{{/targetExists}} — mapping #{{id}}, priority {{priority}}</li>{{/mappings}}</ul>
        {{/has_mappings}}
        {{^mappings}}<p>No mapping names this group. <a href="/console/mappings">Add one</a>.</p>{{/mappings}}
        {{#diagnosis}}
        {{#has_failedRules}}
        <h2>Why members are out of scope</h2>
        <ul>{{#failedRules}}<li>{{summary}} ({{count}})</li>{{/failedRules}}</ul>
        {{/has_failedRules}}
        {{#has_members}}
        <h2>Members</h2>
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">userName</th><th scope="col">Active</th><th scope="col">In scope</th><th scope="col">Failed rules</th></tr></thead>
        <tbody>{{#members}}<tr><td><a href="/console/users/{{id}}">{{userName}}</a></td><td>{{#active}}yes{{/active}}{{^active}}no{{/active}}</td>
        <td>{{#inScope}}<span class="met">yes</span>{{/inScope}}{{^inScope}}<span class="unmet">no</span>{{/inScope}}</td><td>{{#failed}}{{.}} {{/failed}}</td></tr>{{/members}}</tbody>
        </table>
        </div>
        {{#truncated}}<p>Only the first members are listed.</p>{{/truncated}}
        {{/has_members}}
        {{/diagnosis}}
        {{/content}}{{/layout}}
        """
}
