import Foundation
import Logging
import Provisioning
import SCIM
import Testing

/// The key that signs RFC 9865 cursors lives in the database (migration 10), so a cursor issued
/// before a restart, or by another process on the same file, continues the walk.
@Suite("Cursor key")
struct CursorKeyTests {
    @Test("a cursor from one service layer continues the walk on a second one over the same file")
    func cursorSurvivesRestart() async throws {
        try await ServiceFixture.run { fixture in
            for name in ["ann", "ben", "cat"] { try await fixture.user(name) }
            var search = SearchRequest()
            search.cursor = ""
            search.count = 1
            let first = try await fixture.services.resources.cursorPage(.user, search, info: fixture.info)
            #expect(first.resources.map { $0.object["userName"]?.stringValue } == ["ann"])
            search.cursor = try #require(first.nextCursor)

            var logger = Logger(label: "scimd-test")
            logger.logLevel = .warning
            let restarted = try ProvisioningServices.openSQLite(
                databasePath: fixture.databasePath, schemaDirectory: ServiceFixture.schemaDirectory, logger: logger)
            let second = try await restarted.resources.cursorPage(.user, search, info: fixture.info)
            #expect(second.resources.map { $0.object["userName"]?.stringValue } == ["ben"])
            #expect(second.totalResults == 3)
            search.cursor = try #require(second.nextCursor)
            let last = try await fixture.services.resources.cursorPage(.user, search, info: fixture.info)
            #expect(last.resources.map { $0.object["userName"]?.stringValue } == ["cat"])
            #expect(last.nextCursor == nil)
        }
    }
}
