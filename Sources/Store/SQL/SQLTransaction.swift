import SCIM

/// A transaction on one database session; the SQL for each store protocol lives in its own
/// extension (`SQLTransaction+Tenants.swift`, `+Tokens`, `+Resources`, …), written once for
/// SQLite and PostgreSQL: `Session` runs it, `session.dialect` spells what the two differ in.
///
/// Generic rather than over `any SQLSession`: each store uses it with its own session type
/// inside this module, so the calls are specialised, with no existential on the hot path.
package struct SQLTransaction<Session: SQLSession> {
    package let session: Session
    package let writable: Bool
    /// Where unfiltered pages in creation order end (the SQLite store's in-process OFFSET
    /// cache); nil for a store several processes share, where another may delete rows.
    let pagePositions: PagePositions?
    /// Attributes kept outside the body, which queries read from their tables.
    let derived: DerivedAttributes
    package let effects: TransactionEffects

    var dialect: SQLDialect { session.dialect }

    package init(
        session: Session, writable: Bool, pagePositions: PagePositions? = nil, derived: DerivedAttributes,
        effects: TransactionEffects = TransactionEffects()
    ) {
        self.session = session
        self.writable = writable
        self.pagePositions = pagePositions
        self.derived = derived
        self.effects = effects
    }

    /// The same transaction, refusing writes (a read inside a write's body).
    package func readOnly() -> SQLTransaction {
        SQLTransaction(session: session, writable: false, pagePositions: pagePositions, derived: derived, effects: TransactionEffects())
    }

    func requireWritable() throws {
        if !writable { throw StoreError.internalError("write attempted in a read transaction") }
    }

    /// Runs a write statement; a unique-index violation becomes `StoreError.duplicate(field:)`.
    @discardableResult
    func change(_ sql: String, _ arguments: [SQLValue], duplicateField: String = "key") async throws -> Int {
        try requireWritable()
        return try await session.run(sql, arguments, duplicateField: duplicateField)
    }

    /// Runs an `INSERT … RETURNING <integer column>` and answers the new row's number.
    func insert(_ sql: String, _ arguments: [SQLValue], duplicateField: String = "key") async throws -> Int64 {
        try requireWritable()
        return try await session.insert(sql, arguments, duplicateField: duplicateField)
    }
}

// Each piece's conformance is declared next to its SQL; this composes them.
extension SQLTransaction: StoreTransaction {}
