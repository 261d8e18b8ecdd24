import Hummingbird
import NIOCore
import SCIM

extension Request {
    /// The whole body, at most `limit` bytes; every way reading it can fail is a SCIM error.
    ///
    /// A declared `Content-Length` above the limit is refused before a byte of the body is
    /// read (RFC 9110 §15.5.14), so a client announcing 500 MB gets its 413 at once instead
    /// of holding the connection while it sends (or never sends) them.
    func collectSCIMBody(upTo limit: Int, tooLarge: @autoclosure () -> SCIMError) async throws -> ByteBuffer {
        if let declared = headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge() }
        var request = self
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge()
        } catch let timeout as RequestBodyTimeout {
            throw SCIMError(status: 408, detail: "The request body did not arrive within \(timeout.timeout.components.seconds) seconds")
        } catch {
            throw SCIMError.invalidSyntax("The request body could not be read")
        }
    }
}
