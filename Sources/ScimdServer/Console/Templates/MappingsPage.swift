/// Roles, organizations and group mappings: list, create, delete; a new mapping is previewed
/// ("312 users will gain role Admin") before it is saved.
enum MappingsPage {
    static let name = "mappings"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Mappings</h1>
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        {{#preview}}
        <section class="notice warning" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview: group “{{group}}” → {{kind}} “{{target}}”</h2>
        <p><strong>{{summary}}</strong></p>
        <p>{{members}} user(s) in the group; {{gaining}} gaining; {{outOfScope}} out of sync scope; {{failing}} with an error.</p>
        {{^duplicate}}
        <form method="post" action="/console/mappings">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="kind" value="{{kind}}">
        <input type="hidden" name="group" value="{{group}}">
        <input type="hidden" name="target" value="{{target}}">
        <input type="hidden" name="priority" value="{{priority}}">
        <button type="submit">Save this mapping</button>
        <a href="/console/mappings">Cancel</a>
        </form>
        {{/duplicate}}
        </section>
        {{/preview}}
        <h2>Group mappings</h2>
        {{#has_mappings}}
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">#</th><th scope="col">Group</th><th scope="col">Kind</th><th scope="col">Target</th>
        <th scope="col">Priority</th><th scope="col">Target exists</th><th scope="col"><span class="skip">Actions</span></th></tr></thead>
        <tbody>
        {{#mappings}}<tr><td>{{id}}</td><td>{{group}}</td><td>{{kind}}</td><td>{{target}}</td><td>{{priority}}</td>
        <td>{{#targetExists}}yes{{/targetExists}}{{^targetExists}}<span class="unmet">no</span>{{/targetExists}}</td>
        <td><form method="post" action="/console/mappings/delete" data-confirm="Remove this mapping? Its users lose what it grants.">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
        <button type="submit" class="danger">Remove<span class="skip"> mapping {{id}}</span></button></form></td></tr>{{/mappings}}
        </tbody>
        </table>
        </div>
        {{/has_mappings}}
        {{^mappings}}<p>No mappings yet.</p>{{/mappings}}
        <form class="filters" method="post" action="/console/mappings/preview" aria-label="Add a mapping">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="m-group">Group (displayName or externalId)<input id="m-group" name="group" required></label>
        <label for="m-kind">Kind<select id="m-kind" name="kind"><option value="role">role</option><option value="organization">organization</option></select></label>
        <label for="m-target">Role or organization<input id="m-target" name="target" required></label>
        <label for="m-priority">Priority (organizations)<input id="m-priority" name="priority" inputmode="numeric" value="100"></label>
        <button type="submit">Preview</button>
        </form>
        <h2>Roles</h2>
        {{#has_roles}}
        <table>
        <thead><tr><th scope="col">Role</th><th scope="col">Description</th><th scope="col"><span class="skip">Actions</span></th></tr></thead>
        <tbody>
        {{#roles}}<tr><td>{{name}}</td><td>{{description}}</td>
        <td><form method="post" action="/console/roles/delete" data-confirm="Delete this role? Users holding it lose it.">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" class="danger">Delete<span class="skip"> role {{name}}</span></button></form></td></tr>{{/roles}}
        </tbody>
        </table>
        {{/has_roles}}
        <form class="filters" method="post" action="/console/roles" aria-label="Create a role">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="r-name">New role<input id="r-name" name="name" required></label>
        <label for="r-description">Description<input id="r-description" name="description"></label>
        <button type="submit">Create role</button>
        </form>
        <h2>Organizations</h2>
        {{#has_organizations}}
        <table>
        <thead><tr><th scope="col">Organization</th><th scope="col">Parent</th><th scope="col"><span class="skip">Actions</span></th></tr></thead>
        <tbody>
        {{#organizations}}<tr><td>{{name}}</td><td>{{parent}}</td>
        <td><form method="post" action="/console/organizations/delete" data-confirm="Delete this organization?">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" class="danger">Delete<span class="skip"> organization {{name}}</span></button></form></td></tr>{{/organizations}}
        </tbody>
        </table>
        {{/has_organizations}}
        <form class="filters" method="post" action="/console/organizations" aria-label="Create an organization">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="o-name">New organization<input id="o-name" name="name" required></label>
        <label for="o-parent">Parent (optional)<input id="o-parent" name="parent"></label>
        <button type="submit">Create organization</button>
        </form>
        {{/content}}{{/layout}}
        """
}
