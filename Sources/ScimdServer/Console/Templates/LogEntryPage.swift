/// One sync-log entry: what happened, to what, the changes old → new, the error and its remedy.
enum LogEntryPage {
    static let name = "logentry"
    static let template = """
        {{<layout}}{{$content}}
        <h1>Sync-log entry {{seq}}</h1>
        <p><a href="/console/log">Back to the sync log</a></p>
        {{#remedy}}<div class="notice warning" role="note"><strong>Remedy:</strong> {{remedy}}</div>{{/remedy}}
        <dl class="facts">
        <dt>Time (UTC)</dt><dd>{{time}}</dd>
        <dt>Status</dt><dd><span class="status status-{{status}}">{{status}}</span></dd>
        <dt>Operation</dt><dd>{{operation}}</dd>
        <dt>Message</dt><dd>{{message}}</dd>
        {{#errorCode}}<dt>Error</dt><dd>{{errorCode}}</dd>{{/errorCode}}
        {{#resourceType}}<dt>Resource type</dt><dd>{{resourceType}}</dd>{{/resourceType}}
        {{#resourceName}}<dt>Name</dt><dd>{{#userHref}}<a href="{{userHref}}">{{resourceName}}</a>{{/userHref}}{{^userHref}}{{resourceName}}{{/userHref}}</dd>{{/resourceName}}
        {{#resourceId}}<dt>Id</dt><dd><code>{{resourceId}}</code></dd>{{/resourceId}}
        {{#externalId}}<dt>External id</dt><dd><code>{{externalId}}</code></dd>{{/externalId}}
        <dt>Client</dt><dd>{{client}}</dd>
        <dt>Source address</dt><dd>{{sourceAddress}}</dd>
        <dt>Correlation id</dt><dd><code>{{correlationId}}</code></dd>
        </dl>
        {{> changes}}
        {{#details}}<h2>Details</h2><pre>{{details}}</pre>{{/details}}
        {{/content}}{{/layout}}
        """
}
