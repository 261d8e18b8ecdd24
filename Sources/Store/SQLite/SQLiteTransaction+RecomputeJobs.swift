import Foundation
import SCIM

extension SQLiteTransaction {
    func insertRecomputeJob(_ job: RecomputeJobRecord) async throws -> Int64 {
        try change(
            """
            INSERT INTO recompute_jobs(tenant_id, reason, group_refs, error_kind, error_target_key, after_seq, done,
                correlation_id, client, source_address, created_ms, finished_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(job.tenantID), .text(job.reason), .text(SCIMValue.array(job.groupRefs.map { .string($0) }).jsonString),
                job.errorKind.map { .text($0.rawValue) } ?? .null, job.errorTargetKey.map { .text($0) } ?? .null,
                .integer(job.afterSeq), .integer(Int64(job.done)), .text(job.correlationID), .text(job.client),
                job.sourceAddress.map { .text($0) } ?? .null, .integer(job.createdMs), job.finishedMs.map { .integer($0) } ?? .null,
            ])
        return connection.lastInsertRowID
    }

    func recomputeJob(id: Int64) async throws -> RecomputeJobRecord? {
        try connection.row("SELECT \(Self.jobColumns) FROM recompute_jobs WHERE id = ?", [.integer(id)]).map(Self.job)
    }

    func unfinishedRecomputeJobs() async throws -> [RecomputeJobRecord] {
        try connection.rows("SELECT \(Self.jobColumns) FROM recompute_jobs WHERE finished_ms IS NULL ORDER BY id").map(Self.job)
    }

    func updateRecomputeJob(id: Int64, afterSeq: Int64, done: Int, finishedMs: Int64?) async throws {
        try change(
            "UPDATE recompute_jobs SET after_seq = ?, done = ?, finished_ms = ? WHERE id = ?",
            [.integer(afterSeq), .integer(Int64(done)), finishedMs.map { .integer($0) } ?? .null, .integer(id)])
    }

    func memberSeqs(tenantID: Int64, groupRef: String, after: Int64, limit: Int) async throws -> [Int64] {
        // The membership primary key (group_seq, member_seq) serves the range in order.
        try connection.rows(
            """
            SELECT DISTINCT gm.member_seq FROM resources g JOIN group_members gm ON gm.group_seq = g.seq
            JOIN resources u ON u.seq = gm.member_seq AND u.type = 'User'
            WHERE g.tenant_id = ? AND g.type = 'Group' AND (g.name_key = ? OR g.external_id = ?) AND gm.member_seq > ?
            ORDER BY gm.member_seq LIMIT ?
            """, [.integer(tenantID), .text(caseFold(groupRef)), .text(groupRef), .integer(after), .integer(Int64(limit))]
        ).map { $0.int(0) }
    }

    func userSeqsWithMappingErrors(tenantID: Int64, kind: MappingKind, targetKey: String, after: Int64, limit: Int)
        async throws -> [Int64]
    {
        try connection.rows(
            """
            SELECT DISTINCT user_seq FROM mapping_errors WHERE tenant_id = ? AND kind = ? AND target_key = ? AND user_seq > ?
            ORDER BY user_seq LIMIT ?
            """,
            [.integer(tenantID), .text(kind.rawValue), .text(targetKey), .integer(after), .integer(Int64(limit))]
        ).map { $0.int(0) }
    }

    private static let jobColumns = """
        id, tenant_id, reason, group_refs, error_kind, error_target_key, after_seq, done, correlation_id, client,
        source_address, created_ms, finished_ms
        """

    private static func job(_ row: SQLiteRow) -> RecomputeJobRecord {
        let refs = (try? SCIMValue(parsing: row.string(3)))?.arrayValue?.compactMap(\.stringValue) ?? []
        return RecomputeJobRecord(
            id: row.int(0), tenantID: row.int(1), reason: row.string(2), groupRefs: refs,
            errorKind: row.optionalString(4).flatMap(MappingKind.init(rawValue:)), errorTargetKey: row.optionalString(5),
            afterSeq: row.int(6), done: Int(row.int(7)), correlationID: row.string(8), client: row.string(9),
            sourceAddress: row.optionalString(10), createdMs: row.int(11), finishedMs: row.optionalInt(12))
    }
}
