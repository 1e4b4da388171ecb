import Foundation
import HangarCore
import Testing
import Yams

/// openapi.yaml as clients read it, parsed from the source tree.
enum OpenAPIContract {
    static func document() throws -> [String: Any] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let yaml = try String(contentsOf: root.appendingPathComponent("Sources/HTTPAPI/openapi.yaml"), encoding: .utf8)
        return try #require(try Yams.load(yaml: yaml) as? [String: Any])
    }

    static func schema(_ name: String) throws -> [String: Any] {
        let components = try #require(try document()["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        return try #require(schemas[name] as? [String: Any], "no schema \(name)")
    }
}

/// Clients switch on the codes the contract lists; a code the server sends but the contract
/// omits (or the reverse) would reach them as a surprise.
@Suite struct ErrorCodeContractTests {
    @Test func theContractListsExactlyTheServersErrorCodes() throws {
        let listed = try #require(try OpenAPIContract.schema("ErrorCode")["enum"] as? [String])
        #expect(listed.count == Set(listed).count, "duplicates in \(listed)")
        #expect(Set(listed) == Set(ErrorCode.allCases.map(\.rawValue)))
    }

    @Test func theContractListsExactlyTheFieldErrorCodes() throws {
        let listed = try #require(try OpenAPIContract.schema("FieldErrorCode")["enum"] as? [String])
        #expect(listed == FieldErrorCode.allCases.map(\.rawValue))
    }

    @Test func theErrorBodyCodeIsTheEnum() throws {
        let error = try OpenAPIContract.schema("Error")
        let inner = try #require((error["properties"] as? [String: Any])?["error"] as? [String: Any])
        let code = try #require((inner["properties"] as? [String: Any])?["code"] as? [String: Any])
        #expect(code["$ref"] as? String == "#/components/schemas/ErrorCode")
    }
}
