import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A webhook receiver the test starts on 127.0.0.1 (port 0): it records every POST to `/hook`
/// (headers, body, arrival time) and answers as `respond` says for the n-th request (0-based):
/// a status, after an optional delay.
actor WebhookRecorder {
    struct Received: Sendable {
        let headers: HTTPFields
        let body: [UInt8]
        let atMs: Int64
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private(set) var received: [Received] = []
    func record(_ r: Received) -> Int {
        received.append(r)
        return received.count - 1
    }
}

enum WebhookReceiver {
    typealias Respond = @Sendable (Int) -> (status: HTTPResponse.Status, delay: Duration)

    /// Runs `body` with the URL of a live receiver and its recorder.
    static func run<T: Sendable>(
        respond: @escaping Respond = { _ in (.noContent, .zero) },
        _ body: @Sendable (_ url: String, _ recorder: WebhookRecorder) async throws -> T
    ) async throws -> T {
        let recorder = WebhookRecorder()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let index = await recorder.record(
                .init(
                    headers: request.headers, body: Array(bytes.readableBytesView),
                    atMs: Int64(Date().timeIntervalSince1970 * 1000)))
            let answer = respond(index)
            if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
            return Response(status: answer.status)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            guard let port = client.port else { throw ReceiverError() }
            return try await body("http://127.0.0.1:\(port)/hook", recorder)
        }
    }

    struct ReceiverError: Error {}
}
