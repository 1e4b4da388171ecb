import Foundation
import HTTPTypes
import HangarCore
import Yams

/// The contract, read once from openapi.yaml (the release binary's copy, else the resource
/// bundle's): served as JSON at `/openapi.json`
/// and used to tell "unknown path" (404) from "known path, other method" (405).
final class OpenAPIDocument: Sendable {
    let json: Data
    let routes: RouteTable
    /// Path item keys that are operations (others are `parameters`, `summary`, …).
    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    init() throws {
        let yaml: String
        if let embedded = EmbeddedFiles.data("openapi.yaml") {
            yaml = String(decoding: embedded, as: UTF8.self)
        } else {
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
                throw CocoaError(.fileNoSuchFile)
            }
            yaml = try String(contentsOf: url, encoding: .utf8)
        }
        guard let object = try Yams.load(yaml: yaml) as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let paths = object["paths"] as? [String: [String: Any]] ?? [:]
        routes = RouteTable(
            paths.mapValues { operations in
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

    /// The methods of the template that matches `path` most specifically: literal segments win
    /// over parameters, as in the router (`/api/providers/test` before `/api/providers/{id}`).
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let parts = path.split(separator: "/")
        var best: (literals: Int, methods: Set<HTTPRequest.Method>)?
        for (template, methods) in templates where template.count == parts.count {
            let matches = zip(template, parts).allSatisfy { pattern, part in pattern.hasPrefix("{") || pattern == part }
            guard matches else { continue }
            let literals = template.filter { !$0.hasPrefix("{") }.count
            if literals > best?.literals ?? -1 { best = (literals, methods) }
        }
        return best?.methods ?? []
    }
}
