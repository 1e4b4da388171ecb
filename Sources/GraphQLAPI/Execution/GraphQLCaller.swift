import HangarCore

/// Who is asking: the admin (token or session) may do everything; an application key with
/// `catalog:read` may run queries, and sees only the models it may call.
public enum GraphQLCaller: Sendable {
    case admin
    case key(APIKey)

    /// The models this caller may see; nil for all of them.
    var allowedModels: Set<String>? {
        if case .key(let key) = self, let models = key.models { return Set(models) }
        return nil
    }

    func mayRead(model id: String) -> Bool { allowedModels?.contains(id) ?? true }

    var keyID: String? {
        if case .key(let key) = self { return key.id }
        return nil
    }

    static let readOnly = HangarError(
        .forbidden, code: .forbidden,
        message: "An application key may only run queries; send the admin token (or sign in) to change the catalog or settings.")

    static let noCatalogScope = HangarError(
        .forbidden, code: .forbidden,
        message: "This key has no catalog:read scope, so it cannot use GraphQL; ask an admin to add that scope to it.")
}

/// Everything a resolver needs about one request; a new one per request.
final class GraphQLContext: Sendable {
    let caller: GraphQLCaller
    let loader: CatalogLoader

    init(caller: GraphQLCaller, loader: CatalogLoader) {
        self.caller = caller
        self.loader = loader
    }
}
