import Foundation
import GraphQL
import HangarCore
import Synchronization

/// Answers of queries that read only the gateway's catalog snapshot (`availableModels`, which
/// an application asks before every run), kept while the snapshot's models, connections and
/// defaults stay the same. The snapshot is dropped on every model or connection event, from any
/// replica, so a kept answer is never older than the gateway's own view. GraphQL's executor
/// spends microseconds on every field; a thousand models cost it more than a hundred
/// milliseconds, and a kept answer costs none of it.
final class SnapshotAnswers: Sendable {
    struct Key: Hashable {
        var query: String
        var operationName: String?
        var variables: Data
        var caller: String
        var fingerprint: Int
        var defaults: DefaultModels
    }

    static let capacity = 256
    private let entries = Mutex<[Key: Data]>([:])

    func answer(for key: Key) -> Data? { entries.withLock { $0[key] } }

    func keep(_ answer: Data, for key: Key) {
        entries.withLock { entries in
            // Distinct queries are few (an application sends the same few); past the capacity,
            // start over rather than track ages.
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = answer
        }
    }

    /// Whether every field the operation asks at its root is served from the snapshot.
    static func eligible(_ operation: OperationDefinition) -> Bool {
        let selections = operation.selectionSet.selections
        return operation.operation == .query && !selections.isEmpty
            && selections.allSatisfy { selection in
                guard let field = selection as? Field else { return false }
                return field.name.value == "availableModels" || field.name.value == "__typename"
            }
    }

    /// Who asks changes what is visible: a key's allowed models are part of the key.
    static func callerKey(_ caller: GraphQLCaller) -> String {
        switch caller {
        case .admin: "admin"
        case .key(let key): "key:\(key.id):" + (key.models?.sorted().joined(separator: ",") ?? "*")
        }
    }
}
