/// The frame of every console page: skip link, header with the tenant and sign-out, the
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
