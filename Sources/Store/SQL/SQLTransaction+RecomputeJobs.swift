import Foundation
import SCIM

extension SQLTransaction: RecomputeJobStore {
    package func insertRecomputeJob(_ job: RecomputeJobRecord) async throws -> Int64 {
        try await insert(
            """
            INSERT INTO recompute_jobs(tenant_id, reason, group_refs, error_kind, error_target_key, after_seq, done,
                correlation_id, client, source_address, created_ms, finished_ms, all_users)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id
            """,
            [
                .integer(job.tenantID), .text(job.reason), .text(SCIMValue.array(job.groupRefs.map { .string($0) }).jsonString),
                job.errorKind.map { .text($0.rawValue) } ?? .null, job.errorTargetKey.map { .text($0) } ?? .null,
                .integer(job.afterSeq), .integer(Int64(job.done)), .text(job.correlationID), .text(job.client),
                job.sourceAddress.map { .text($0) } ?? .null, .integer(job.createdMs), job.finishedMs.map { .integer($0) } ?? .null,
                .integer(job.allUsers ? 1 : 0),
            ])
    }

    package func recomputeJob(id: Int64) async throws -> RecomputeJobRecord? {
        try await session.row("SELECT \(Self.jobColumns) FROM recompute_jobs WHERE id = ?1", [.integer(id)]).map(Self.job)
    }

    package func unfinishedRecomputeJobs() async throws -> [RecomputeJobRecord] {
        try await session.rows("SELECT \(Self.jobColumns) FROM recompute_jobs WHERE finished_ms IS NULL ORDER BY id").map(Self.job)
    }

    package func updateRecomputeJob(id: Int64, afterSeq: Int64, done: Int, finishedMs: Int64?) async throws {
        try await change(
            "UPDATE recompute_jobs SET after_seq = ?1, done = ?2, finished_ms = ?3 WHERE id = ?4",
            [.integer(afterSeq), .integer(Int64(done)), finishedMs.map { .integer($0) } ?? .null, .integer(id)])
    }

    private static var jobColumns: String {
        """
        id, tenant_id, reason, group_refs, error_kind, error_target_key, after_seq, done, correlation_id, client,
        source_address, created_ms, finished_ms, all_users
        """
    }

    private static func job(_ row: Session.Row) throws -> RecomputeJobRecord {
        let refs = (try? SCIMValue(parsing: try row.string(3)))?.arrayValue?.compactMap(\.stringValue) ?? []
        return try RecomputeJobRecord(
            id: row.int(0), tenantID: row.int(1), reason: row.string(2), groupRefs: refs,
            errorKind: row.optionalString(4).flatMap(MappingKind.init(rawValue:)), errorTargetKey: row.optionalString(5),
            allUsers: row.int(13) != 0, afterSeq: row.int(6), done: Int(row.int(7)), correlationID: row.string(8), client: row.string(9),
            sourceAddress: row.optionalString(10), createdMs: row.int(11), finishedMs: row.optionalInt(12))
    }
}
