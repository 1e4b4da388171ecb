import Catalog
import GraphQL
import HangarCore

/// How big a query may be, checked on the parsed document before anything runs: its depth
/// (fields inside fields) and its cost (how many objects it could return, lists counted at
/// their largest). Introspection is bounded by the schema, so it is not counted.
struct QueryLimits: Sendable {
    var maxDepth = 10
    var maxCost = 20_000

    /// Lists that no argument bounds, at their largest.
    static let listSizes: [String: Int] = [
        "llmProviders": 100, "availableModels": ModelListQuery.maxLimit, "systemSettings": 20, "days": ModelListQuery.maxLimit,
        "keys": 100,
    ]

    /// Throws `query_too_deep` or `query_too_costly` for the operation that would run.
    func check(_ operation: OperationDefinition, in document: Document, variables: [String: Map]) throws {
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions { fragments[fragment.name.value] = fragment }
        var walk = Walk(fragments: fragments, variables: variables)
        walk.visit(operation.selectionSet, depth: 0, multiplier: 1)
        if walk.depth > maxDepth {
            throw HangarError(
                .badRequest, code: .queryTooDeep,
                message:
                    "This query nests fields \(walk.depth) levels deep; the limit is \(maxDepth). Ask for fewer nested fields, or split it."
            )
        }
        if walk.cost > maxCost {
            throw HangarError(
                .badRequest, code: .queryTooCostly,
                message:
                    "This query could return up to \(walk.cost) objects; the limit is \(maxCost). Ask for fewer models at once (first), or split it."
            )
        }
    }

    /// Validation has already refused fragment cycles, so the walk ends.
    private struct Walk {
        let fragments: [String: FragmentDefinition]
        let variables: [String: Map]
        var depth = 0
        var cost = 0

        mutating func visit(_ set: SelectionSet, depth level: Int, multiplier: Int) {
            for selection in set.selections {
                switch selection {
                case let field as Field:
                    let name = field.name.value
                    guard !name.hasPrefix("__") else { continue }
                    depth = max(depth, level + 1)
                    guard let children = field.selectionSet else { continue }
                    let size = multiplier.multipliedReportingOverflow(by: listSize(of: field))
                    let count = size.overflow ? Int.max / 2 : size.partialValue
                    cost = min(Int.max / 2, cost + count)
                    visit(children, depth: level + 1, multiplier: count)
                case let spread as FragmentSpread:
                    if let fragment = fragments[spread.name.value] { visit(fragment.selectionSet, depth: level, multiplier: multiplier) }
                case let inline as InlineFragment:
                    visit(inline.selectionSet, depth: level, multiplier: multiplier)
                default:
                    continue
                }
            }
        }

        /// A page holds `first` models (REST's default when absent); other lists their largest.
        func listSize(of field: Field) -> Int {
            let name = field.name.value
            if name == "llmModels" {
                guard let first = field.arguments.first(where: { $0.name.value == "first" }) else { return ModelListQuery.defaultLimit }
                return max(1, integer(first.value) ?? ModelListQuery.maxLimit)
            }
            return Self.listSizes[name] ?? 1
        }

        func integer(_ value: Value) -> Int? {
            switch value {
            case let literal as IntValue: Int(literal.value)
            case let variable as Variable: variables[variable.name.value]?.int
            default: nil
            }
        }

        static let listSizes = QueryLimits.listSizes
    }
}
