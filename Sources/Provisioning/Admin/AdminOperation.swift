/// One thing an administrator can do, as a value: the request's fields are the operation's
/// properties and `perform` returns a typed result with one JSON shape (its `Encodable`
/// conformance).
///
/// scimctl builds operations from its arguments and renders the result as a table or as that
/// JSON; the admin API decodes them from the request and encodes the result; the console
/// renders the same results as pages. None of them holds a lookup, a rule or a JSON shape of
/// its own, so an operation is written once, here.
public protocol AdminOperation: Sendable {
    associatedtype Result: Encodable & Sendable
    /// Runs the operation. Failures are `AdminError`s or map to one through `AdminError.from`.
    func perform(_ context: AdminContext) async throws -> Result
}

extension AdminOperation {
    /// Runs the operation and reports any failure as the `AdminError` an administrator reads.
    public func run(_ context: AdminContext) async throws(AdminError) -> Result {
        do {
            return try await perform(context)
        } catch {
            throw AdminError.from(error)
        }
    }
}

/// An operation that needs nothing back but an acknowledgement (deletes, revocations).
public struct Done: Encodable, Sendable, Equatable {
    public init() {}
}
