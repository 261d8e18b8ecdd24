import Foundation
import Provisioning

/// After an administrative change that left a recompute job (more users than one chunk), scimctl
/// runs the job to its end before it exits, chunk by chunk, so the operator sees the effect at
/// once; a running scimd works on the same job meanwhile (each chunk is claimed in its own
/// transaction). Interrupted, the job is resumed by scimd or by the next scimctl change.
enum RecomputeProgress {
    static func finish(_ services: ProvisioningServices) async throws {
        guard !(try await services.mappings.unfinishedRecomputeJobs()).isEmpty else { return }
        FileHandle.standardError.write(Data("Recomputing the affected users in chunks of \(services.mappings.recomputeChunkSize)…\n".utf8))
        try await services.mappings.runUnfinishedRecomputeJobs()
    }
}
