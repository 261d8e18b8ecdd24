import Synchronization

/// Remembers where unfiltered pages in creation order end, so the next page starts with an
/// indexed `seq > last` instead of an OFFSET that steps over every earlier row.
///
/// Identity providers import by walking startIndex 1, 101, 201, …; each page records where the
/// following one begins. Rows are only ever appended in `seq` order, so a position stays right
/// until a row is deleted. A delete clears the positions both inside its transaction and after
/// its commit, and bumps a generation: a reader records a position only if no delete committed
/// since it started, so a page read from an older snapshot never leaves a stale position.
/// Only this process deletes resources (scimctl never does; several instances need PostgreSQL).
package final class PagePositions: Sendable {
    private struct Key: Hashable {
        var tenantID: Int64
        var type: String
        var startIndex: Int
    }

    private struct State {
        var positions: [Key: Int64] = [:]
        var generation = 0
    }

    private let state = Mutex(State())
    /// Enough for many concurrent imports; beyond it the cache starts over.
    private let capacity = 10_000

    /// Taken before a read begins; pass it back to `record`.
    var generation: Int { state.withLock { $0.generation } }

    /// The `seq` of the row just before position `startIndex` (1-based), if known.
    func seq(before startIndex: Int, tenantID: Int64, type: String) -> Int64? {
        state.withLock { $0.positions[Key(tenantID: tenantID, type: type, startIndex: startIndex)] }
    }

    /// Records that the row at position `startIndex - 1` has `seq`, unless a delete happened
    /// since `generation` was taken.
    func record(_ seq: Int64, before startIndex: Int, tenantID: Int64, type: String, generation: Int) {
        state.withLock { s in
            guard s.generation == generation else { return }
            if s.positions.count >= capacity { s.positions.removeAll(keepingCapacity: true) }
            s.positions[Key(tenantID: tenantID, type: type, startIndex: startIndex)] = seq
        }
    }

    /// Forgets every position (a row was deleted, or its delete just committed).
    func invalidate() {
        state.withLock { s in
            s.positions.removeAll(keepingCapacity: true)
            s.generation &+= 1
        }
    }
}
