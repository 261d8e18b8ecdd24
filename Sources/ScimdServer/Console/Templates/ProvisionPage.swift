/// "Test provision": paste a User or Group payload as the identity provider would send it and
/// see the four steps (import, scope, match, action) of a dry run; nothing is written.
enum ProvisionPage {
    static let name = "provision"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Test provision</h1>
        <p>Paste a SCIM User or Group as the identity provider sends it. This is a dry run: nothing is stored or logged.</p>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        <form class="stack" method="post" action="/console/provision">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="payload">Payload (JSON)
        <textarea id="payload" name="payload" rows="14" spellcheck="false">{{payload}}</textarea></label>
        <button type="submit">Run the dry run</button>
        </form>
        {{#r}}
        <h2>Result: {{action}} {{resourceType}} {{name}}</h2>
        <div class="table-wrap">
        <table>
        <thead><tr><th scope="col">Step</th><th scope="col">Result</th><th scope="col">Detail</th></tr></thead>
        <tbody>{{#steps}}<tr><td>{{step}}</td><td><span class="status status-{{status}}">{{status}}</span></td><td class="message">{{detail}}</td></tr>{{/steps}}</tbody>
        </table>
        </div>
        {{#matched}}<p>Matches the stored resource <code>{{id}}</code> by {{by}}.</p>{{/matched}}
        {{#has_checks}}
        <h3>Scope rules</h3>
        <ul>{{#checks}}<li>{{rule}}: {{#met}}<span class="met">met</span>{{/met}}{{^met}}<span class="unmet">not met</span>{{/met}}</li>{{/checks}}</ul>
        {{/has_checks}}
        {{/r}}
        {{> changes}}
        {{/content}}{{/layout}}
        """
}
