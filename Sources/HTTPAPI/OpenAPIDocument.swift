import Foundation
import HTTPTypes
import Yams

/// The contract, read once from the bundled openapi.yaml: served as JSON at `/openapi.json`
/// and used to tell "unknown path" (404) from "known path, other method" (405).
final class OpenAPIDocument: Sendable {
    let json: Data
    let routes: RouteTable
    /// Path item keys that are operations (others are `parameters`, `summary`, …).
    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let yaml = try String(contentsOf: url, encoding: .utf8)
        guard let object = try Yams.load(yaml: yaml) as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let paths = object["paths"] as? [String: [String: Any]] ?? [:]
        routes = RouteTable(paths.mapValues { operations in
            Set(operations.keys.filter(Self.httpMethods.contains).compactMap { HTTPRequest.Method($0.uppercased()) })
        })
    }
}

/// Path templates (`/api/models/{id}`) and the methods each one answers.
struct RouteTable: Sendable {
    private let templates: [([Substring], Set<HTTPRequest.Method>)]

    init(_ paths: [String: Set<HTTPRequest.Method>]) {
        templates = paths.map { ($0.key.split(separator: "/"), $0.value) }
    }

    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let parts = path.split(separator: "/")
        for (template, methods) in templates where template.count == parts.count {
            let matches = zip(template, parts).allSatisfy { pattern, part in pattern.hasPrefix("{") || pattern == part }
            if matches { return methods }
        }
        return []
    }
}
