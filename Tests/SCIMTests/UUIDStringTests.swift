import Foundation
import SCIM
import Testing

@Suite("UUID.lowercasedString")
struct UUIDStringTests {
    @Test("is uuidString in lower case, for fixed and random UUIDs")
    func matchesFoundation() throws {
        let fixed = try #require(UUID(uuidString: "00FF10A9-BCDE-4F01-8A2B-C3D4E5F60789"))
        #expect(fixed.lowercasedString == "00ff10a9-bcde-4f01-8a2b-c3d4e5f60789")
        let extremes = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                        UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        #expect(extremes.map(\.lowercasedString) == ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"])
        let differing = (0..<1_000).map { _ in UUID() }.filter { $0.lowercasedString != $0.uuidString.lowercased() }
        #expect(differing.isEmpty, "\(differing)")
    }
}
