/// Search the tenant's groups; each links to its page.
enum GroupsPage {
    static let name = "groups"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Groups</h1>
        <form class="filters" method="get" action="/console/groups" role="search" aria-label="Search groups">
        <label for="q">Display name or external id<input id="q" name="q" type="search" value="{{query}}"></label>
        <button type="submit">Search</button>
        </form>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        {{^error}}
        <p>{{total}} group(s){{#query}} match “{{query}}”{{/query}}{{#more}}; the first {{shown}} are shown{{/more}}.</p>
        {{#has_groups}}
        <table>
        <thead><tr><th scope="col">Display name</th><th scope="col">External id</th></tr></thead>
        <tbody>{{#groups}}<tr><td><a href="/console/groups/{{href}}">{{displayName}}</a></td><td><code>{{externalId}}</code></td></tr>{{/groups}}</tbody>
        </table>
        {{/has_groups}}
        {{/error}}
        {{/content}}{{/layout}}
        """
}
