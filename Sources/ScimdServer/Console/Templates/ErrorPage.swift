/// A refusal or failure, said in one sentence, with the way back.
enum ErrorPage {
    static let name = "error"
    static let template = """
        {{<layout}}{{$content}}
        <h1>{{heading}}</h1>
        <p class="notice error" role="alert">{{message}}</p>
        <p><a href="{{back}}">{{backLabel}}</a></p>
        {{/content}}{{/layout}}
        """
}
