/// Sign-in with a tenant admin token, an operator token, or an OAuth client's id and secret.
enum SignInPage {
    static let name = "signin"
    static let template = """
        {{<layout}}{{$content}}
        <div class="signin">
        <h1>Sign in</h1>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        <form class="stack" method="post" action="/console/signin">
        <input type="hidden" name="csrf" value="{{signInCSRF}}">
        <fieldset>
        <legend>With an admin token</legend>
        <label for="token">Admin token
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false"></label>
        <p>Create one with <code>scimctl tokens create --kind admin --name LABEL</code> (an operator token, <code>--kind operator</code>, may switch tenants).</p>
        </fieldset>
        <fieldset>
        <legend>Or with an OAuth client of your tenant</legend>
        <label for="client_id">Client id
        <input id="client_id" name="client_id" type="text" autocomplete="username" spellcheck="false"></label>
        <label for="client_secret">Client secret
        <input id="client_secret" name="client_secret" type="password" autocomplete="current-password"></label>
        </fieldset>
        <button type="submit">Sign in</button>
        </form>
        </div>
        {{/content}}{{/layout}}
        """
}
