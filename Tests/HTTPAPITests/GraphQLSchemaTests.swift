import Foundation
import GraphQLAPI
import Testing

/// The schema applications code against is committed; a change to the served schema must
/// change that file in the same commit.
@Suite struct GraphQLSchemaTests {
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/GraphQLAPI/schema.graphql").standardized

    @Test func servedSchemaMatchesTheCommittedSDL() throws {
        let served = try GraphQLService.sdl() + "\n"
        if ProcessInfo.processInfo.environment["HANGAR_WRITE_GRAPHQL_SCHEMA"] == "1" {
            try served.write(to: Self.committed, atomically: true, encoding: .utf8)
        }
        let file = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(file == served, "run with HANGAR_WRITE_GRAPHQL_SCHEMA=1 to rewrite \(Self.committed.path)")
    }
}
