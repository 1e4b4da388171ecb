import Foundation
import GraphQL
import HangarCore

/// GraphQL errors carry REST's `code`, and REST's field problems under `fields` with the
/// names the GraphQL request used (`apiName`, not `api_name`).
enum GraphQLErrors {
    static func withCode(_ error: GraphQLError) -> GraphQLError {
        guard let hangar = error.originalError as? HangarError else {
            // GraphQL's own failures (a wrong argument type, say) keep their message.
            if error.extensions["code"] != nil { return error }
            var extensions = error.extensions
            extensions["code"] = .string(ErrorCode.invalidQuery.rawValue)
            return GraphQLError(message: error.message, locations: error.locations, path: error.path, extensions: extensions)
        }
        return GraphQLError(message: hangar.message, locations: error.locations, path: error.path, extensions: extensions(of: hangar))
    }

    static func error(_ hangar: HangarError) -> GraphQLError {
        GraphQLError(message: hangar.message, extensions: extensions(of: hangar))
    }

    static func extensions(of hangar: HangarError) -> [String: Map] {
        var extensions: [String: Map] = ["code": .string(hangar.code.rawValue)]
        if !hangar.fields.isEmpty {
            var fields: [String: Map] = [:]
            for (name, problem) in hangar.fields {
                fields[camelCase(name)] = (try? MapEncoder().encode(problem)) ?? .string(problem.message)
            }
            extensions["fields"] = .dictionary(.init(uniqueKeysWithValues: fields.sorted { $0.key < $1.key }))
        }
        return extensions
    }

    /// `default_models.chat` → `defaultModels.chat`.
    static func camelCase(_ name: String) -> String {
        var result = ""
        var upper = false
        for character in name {
            if character == "_" {
                upper = true
            } else {
                result.append(upper ? Character(character.uppercased()) : character)
                upper = false
            }
        }
        return result
    }
}

extension GraphQLService {
    /// A request refused before it ran (not signed in, a malformed body), as GraphQL's `errors`.
    public static func errorBody(_ error: HangarError) throws -> Data {
        try GraphQLJSONEncoder().encode(GraphQLResponse(result: GraphQLResult(errors: [GraphQLErrors.error(error)]), executed: false))
    }
}
