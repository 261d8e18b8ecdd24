/// The frame of every console page: skip link, header with the tenant (and, for an operator's
/// session, a picker to switch tenants) and sign-out, the
/// navigation, and the page's `content` block (Mustache template inheritance).
enum LayoutTemplate {
    static let name = "layout"
    static let template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · scimd console</title>
        <link rel="stylesheet" href="/console/assets/console.css">
        <script src="/console/assets/console.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#content">Skip to content</a>
        <header class="top">
        <a class="brand" href="/console/">scimd console</a>
        {{#signedIn}}
        <span class="tenant">Tenant <strong>{{tenant}}</strong> · signed in as {{client}}</span>
        {{#hasTenantPicker}}
        <form class="tenant-picker" method="post" action="/console/tenant">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="tenant-choice">Switch tenant</label>
        <select id="tenant-choice" name="tenant">
        {{#tenantPicker}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/tenantPicker}}
        </select>
        <button type="submit" class="quiet">Switch</button>
        </form>
        {{/hasTenantPicker}}
        <nav class="main" aria-label="Console">
        <ul>
        {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}
        </ul>
        </nav>
        <form method="post" action="/console/signout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="quiet">Sign out</button>
        </form>
        {{/signedIn}}
        </header>
        <main id="content">
        {{$content}}{{/content}}
        </main>
        </body>
        </html>
        """
}
