import SCIM

extension SQLTransaction: NotificationStore {
    private static var subscriptionColumns: String {
        """
        id, tenant_id, channel, target, secret, event_types, frequency, report_hour, time_zone, error_window_ms, batch_size,
        event_cursor, log_cursor, error_window_start_ms, last_report_ms, created_ms, updated_ms, options
        """
    }

    package func insertSubscription(_ s: SubscriptionRecord) async throws {
        try await change(
            """
            INSERT INTO subscriptions(\(Self.subscriptionColumns))
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
            """,
            [
                .text(s.id), .integer(s.tenantID), .text(s.channel.rawValue), .text(s.target), optionalText(s.secret),
                .text(Self.typesJSON(s.eventTypes)), .text(s.frequency.rawValue), .integer(Int64(s.reportHour)), .text(s.timeZone),
                .integer(s.errorWindowMs), .integer(Int64(s.batchSize)), .integer(s.eventCursor), .integer(s.logCursor),
                optionalInteger(s.errorWindowStartMs), optionalInteger(s.lastReportMs), .integer(s.createdMs), .integer(s.updatedMs),
                optionalText(s.options),
            ],
            duplicateField: "subscription id")
    }

    package func subscription(id: String, tenantID: Int64) async throws -> SubscriptionRecord? {
        try await session.row(
            "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE id = ?1 AND tenant_id = ?2", [.text(id), .integer(tenantID)]
        ).map(Self.subscription)
    }

    package func subscriptions(tenantID: Int64?) async throws -> [SubscriptionRecord] {
        if let tenantID {
            return try await session.rows(
                "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE tenant_id = ?1 ORDER BY created_ms, \(dialect.insertionOrder)",
                [.integer(tenantID)]
            ).map(Self.subscription)
        }
        return try await session.rows("SELECT \(Self.subscriptionColumns) FROM subscriptions ORDER BY created_ms, \(dialect.insertionOrder)")
            .map(Self.subscription)
    }

    package func updateSubscription(_ s: SubscriptionRecord) async throws -> Bool {
        try await change(
            """
            UPDATE subscriptions SET target = ?3, secret = ?4, event_types = ?5, frequency = ?6, report_hour = ?7,
                time_zone = ?8, error_window_ms = ?9, batch_size = ?10, updated_ms = ?11, options = ?12
            WHERE id = ?1 AND tenant_id = ?2
            """,
            [
                .text(s.id), .integer(s.tenantID), .text(s.target), optionalText(s.secret), .text(Self.typesJSON(s.eventTypes)),
                .text(s.frequency.rawValue), .integer(Int64(s.reportHour)), .text(s.timeZone), .integer(s.errorWindowMs),
                .integer(Int64(s.batchSize)), .integer(s.updatedMs), optionalText(s.options),
            ]) == 1
    }

    package func setSubscriptionCursors(
        id: String, eventCursor: Int64, logCursor: Int64, errorWindowStartMs: Int64?, lastReportMs: Int64?
    ) async throws {
        // max(): a cursor never goes back, so a stale caller cannot make the deliverer repeat events.
        try await change(
            """
            UPDATE subscriptions SET event_cursor = \(dialect.greatest("event_cursor", "?2")), log_cursor = \(dialect.greatest("log_cursor", "?3")),
                error_window_start_ms = ?4, last_report_ms = ?5
            WHERE id = ?1
            """,
            [.text(id), .integer(eventCursor), .integer(logCursor), optionalInteger(errorWindowStartMs), optionalInteger(lastReportMs)])
    }

    package func deleteSubscription(id: String, tenantID: Int64) async throws -> Bool {
        // Deliveries and their attempts go by ON DELETE CASCADE.
        try await change("DELETE FROM subscriptions WHERE id = ?1 AND tenant_id = ?2", [.text(id), .integer(tenantID)]) == 1
    }

    private static var deliveryColumns: String {
        """
        id, subscription_id, tenant_id, kind, first_event_seq, last_event_seq, payload, state, attempts, next_attempt_ms,
        lease_owner, lease_until_ms, last_error, created_ms, finished_ms
        """
    }

    package func insertDelivery(_ d: DeliveryRecord) async throws {
        try await change(
            """
            INSERT INTO deliveries(\(Self.deliveryColumns))
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
            """,
            [
                .text(d.id), .text(d.subscriptionID), .integer(d.tenantID), .text(d.kind), optionalInteger(d.firstEventSeq),
                optionalInteger(d.lastEventSeq), .text(d.payload), .text(d.state.rawValue), .integer(Int64(d.attempts)),
                .integer(d.nextAttemptMs), optionalText(d.leaseOwner), optionalInteger(d.leaseUntilMs), optionalText(d.lastError),
                .integer(d.createdMs), optionalInteger(d.finishedMs),
            ],
            duplicateField: "delivery id")
    }

    package func delivery(id: String) async throws -> DeliveryRecord? {
        try await session.row("SELECT \(Self.deliveryColumns) FROM deliveries WHERE id = ?1", [.text(id)]).map(Self.delivery)
    }

    package func claimDeliveries(
        owner: String, nowMs: Int64, leaseMs: Int64, limit: Int, channels: [SubscriptionChannel]?
    ) async throws -> [DeliveryRecord] {
        try requireWritable()
        var arguments: [SQLValue] = [.integer(nowMs), .integer(Int64(max(0, limit)))]
        var channelCondition = ""
        if let channels {
            // No channel, nothing to claim (and PostgreSQL has no empty `IN ()`).
            if channels.isEmpty { return [] }
            let placeholders = channels.indices.map { "?\($0 + 3)" }.joined(separator: ", ")
            arguments += channels.map { .text($0.rawValue) }
            channelCondition = " AND subscription_id IN (SELECT id FROM subscriptions WHERE channel IN (\(placeholders)))"
        }
        // The select and the update run in one write transaction (BEGIN IMMEDIATE holds the file's
        // write lock), so a second process claiming at the same time sees these leases taken.
        let due = try await session.rows(
            """
            SELECT \(Self.deliveryColumns) FROM deliveries
            WHERE state = 'pending' AND next_attempt_ms <= ?1 AND (lease_until_ms IS NULL OR lease_until_ms <= ?1)\(channelCondition)
            ORDER BY next_attempt_ms, created_ms, \(dialect.insertionOrder) LIMIT ?2
            """,
            arguments
        ).map(Self.delivery)
        let until = nowMs + leaseMs
        var claimed: [DeliveryRecord] = []
        claimed.reserveCapacity(due.count)
        for d in due {
            try await change(
                "UPDATE deliveries SET lease_owner = ?2, lease_until_ms = ?3 WHERE id = ?1",
                [.text(d.id), .text(owner), .integer(until)])
            var lease = d
            lease.leaseOwner = owner
            lease.leaseUntilMs = until
            claimed.append(lease)
        }
        return claimed
    }

    package func finishAttempt(_ a: DeliveryAttemptRecord, owner: String, outcome: DeliveryOutcome) async throws -> Bool {
        try await change(
            """
            INSERT INTO delivery_attempts(delivery_id, subscription_id, time_ms, duration_ms, http_status, error)
            SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), CAST(?5 AS BIGINT), CAST(?6 AS TEXT)
            WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?1)
            """,
            [
                .text(a.deliveryID), .text(a.subscriptionID), .integer(a.timeMs), .integer(a.durationMs),
                optionalInteger(a.httpStatus.map(Int64.init)), optionalText(a.error),
            ])
        let state: DeliveryState
        var nextMs: Int64 = a.timeMs
        var finishedMs: Int64? = a.timeMs
        switch outcome {
        case .delivered: state = .delivered
        case .failed: state = .failed
        case .retry(let at):
            state = .pending
            nextMs = at
            finishedMs = nil
        }
        return try await change(
            """
            UPDATE deliveries SET attempts = attempts + 1, state = ?3, next_attempt_ms = ?4, finished_ms = ?5,
                last_error = ?6, lease_owner = NULL, lease_until_ms = NULL
            WHERE id = ?1 AND lease_owner = ?2 AND state = 'pending'
            """,
            [
                .text(a.deliveryID), .text(owner), .text(state.rawValue), .integer(nextMs), optionalInteger(finishedMs),
                optionalText(a.error),
            ]) == 1
    }

    package func deliveries(subscriptionID: String, state: DeliveryState?, limit: Int) async throws -> [DeliveryRecord] {
        var arguments: [SQLValue] = [.text(subscriptionID), .integer(Int64(max(0, limit)))]
        var condition = ""
        if let state {
            arguments.append(.text(state.rawValue))
            condition = " AND state = ?3"
        }
        return try await session.rows(
            "SELECT \(Self.deliveryColumns) FROM deliveries WHERE subscription_id = ?1\(condition) ORDER BY created_ms DESC, \(dialect.insertionOrder) DESC LIMIT ?2",
            arguments
        ).map(Self.delivery)
    }

    package func deliveryAttempts(subscriptionID: String, limit: Int) async throws -> [DeliveryAttemptRecord] {
        try await session.rows(
            """
            SELECT seq, delivery_id, subscription_id, time_ms, duration_ms, http_status, error FROM delivery_attempts
            WHERE subscription_id = ?1 ORDER BY seq DESC LIMIT ?2
            """,
            [.text(subscriptionID), .integer(Int64(max(0, limit)))]
        ).map { row in
            try DeliveryAttemptRecord(
                seq: row.int(0), deliveryID: row.string(1), subscriptionID: row.string(2), timeMs: row.int(3), durationMs: row.int(4),
                httpStatus: row.optionalInt(5).map { Int($0) }, error: row.optionalString(6))
        }
    }

    package func deliveryCounts(subscriptionID: String) async throws -> DeliveryCounts {
        var counts = DeliveryCounts()
        for row in try await session.rows(
            "SELECT state, count(*) FROM deliveries WHERE subscription_id = ?1 GROUP BY state", [.text(subscriptionID)])
        {
            switch DeliveryState(rawValue: try row.string(0)) {
            case .pending: counts.pending = Int(try row.int(1))
            case .delivered: counts.delivered = Int(try row.int(1))
            case .failed: counts.failed = Int(try row.int(1))
            case nil: break
            }
        }
        return counts
    }

    package func pruneDeliveries(beforeMs: Int64, limit: Int) async throws -> Int {
        try await change(
            // deliveries_by_finish serves the range; attempts go by ON DELETE CASCADE.
            """
            DELETE FROM deliveries WHERE id IN (
                SELECT id FROM deliveries WHERE finished_ms IS NOT NULL AND finished_ms < ?1 ORDER BY finished_ms LIMIT ?2)
            """,
            [.integer(beforeMs), .integer(Int64(limit))])
    }

    private func optionalText(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    private func optionalInteger(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }

    private static func typesJSON(_ types: [String]) -> String { SCIMValue.array(types.map { .string($0) }).jsonString }

    private static func subscription(_ row: Session.Row) throws -> SubscriptionRecord {
        let types = (try? SCIMValue(parsing: try row.string(5)))?.arrayValue?.compactMap(\.stringValue) ?? []
        return try SubscriptionRecord(
            id: row.string(0), tenantID: row.int(1), channel: SubscriptionChannel(rawValue: row.string(2)) ?? .webhook,
            target: row.string(3), secret: row.optionalString(4), eventTypes: types,
            frequency: NotificationFrequency(rawValue: row.string(6)) ?? .daily, reportHour: Int(row.int(7)), timeZone: row.string(8),
            errorWindowMs: row.int(9), batchSize: Int(row.int(10)), eventCursor: row.int(11), logCursor: row.int(12),
            errorWindowStartMs: row.optionalInt(13), lastReportMs: row.optionalInt(14), createdMs: row.int(15), updatedMs: row.int(16),
            options: row.optionalString(17))
    }

    private static func delivery(_ row: Session.Row) throws -> DeliveryRecord {
        try DeliveryRecord(
            id: row.string(0), subscriptionID: row.string(1), tenantID: row.int(2), kind: row.string(3),
            firstEventSeq: row.optionalInt(4), lastEventSeq: row.optionalInt(5), payload: row.string(6),
            state: DeliveryState(rawValue: row.string(7)) ?? .pending, attempts: Int(row.int(8)), nextAttemptMs: row.int(9),
            leaseOwner: row.optionalString(10), leaseUntilMs: row.optionalInt(11), lastError: row.optionalString(12),
            createdMs: row.int(13), finishedMs: row.optionalInt(14))
    }
}
