/// Search the tenant's users; each result links to its diagnosis.
enum UsersPage {
    static let name = "users"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Users</h1>
        <form class="filters" method="get" action="/console/users" role="search" aria-label="Search users">
        <label for="q">userName, display name, email or external id
        <input id="q" name="q" type="search" value="{{query}}"></label>
        <button type="submit">Search</button>
        </form>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        {{^error}}
        <p>{{total}} user(s){{#query}} match “{{query}}”{{/query}}{{#more}}; the first {{shown}} are shown{{/more}}.</p>
        {{#has_users}}
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">userName</th><th scope="col">Display name</th><th scope="col">Active</th>
        <th scope="col">External id</th></tr></thead>
        <tbody>
        {{#users}}<tr><td><a href="/console/users/{{id}}">{{userName}}</a></td><td>{{displayName}}</td>
        <td>{{#active}}yes{{/active}}{{^active}}no{{/active}}</td><td><code>{{externalId}}</code></td></tr>{{/users}}
        </tbody>
        </table>
        </div>
        {{/has_users}}
        {{/error}}
        {{/content}}{{/layout}}
        """
}
