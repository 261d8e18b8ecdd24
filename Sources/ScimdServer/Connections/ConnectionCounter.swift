import Synchronization

/// The connections one server has open, shared by every event loop accepting them.
final class ConnectionCounter: Sendable {
    private let count = Atomic<Int>(0)
    private let refusals = Atomic<Int>(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Counts a new connection if there is room for it; false when `limit` are already open.
    func admit() -> Bool {
        let open = count.add(1, ordering: .relaxed).newValue
        guard open <= limit else {
            count.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Forgets an admitted connection once it has closed; returns how many are left.
    @discardableResult
    func release() -> Int { count.subtract(1, ordering: .relaxed).newValue }

    var current: Int { count.load(ordering: .relaxed) }

    /// Counts a refused connection; returns how many have been refused so far.
    func refused() -> Int { refusals.add(1, ordering: .relaxed).newValue }
}
