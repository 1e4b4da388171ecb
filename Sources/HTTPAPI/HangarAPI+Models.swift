import Catalog
import HangarCore
import HangarOpenAPI

extension HangarAPI {
    func listModels(_ input: Operations.ListModels.Input) async throws -> Operations.ListModels.Output {
        let query = try ModelListRequest(input.query).catalogQuery()
        let page = try await catalog.listModels(query)
        let counts = input.query.counts == true ? try await catalog.modelCounts(query) : nil
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items, total: page.total, limit: query.limit,
                        offset: query.after == nil ? query.offset : nil, nextCursor: page.nextCursor,
                        counts: counts.map {
                            .init(local: $0.local, deprecated: $0.deprecated, custom: $0.custom, downloaded: $0.downloaded)
                        }))))
    }

    func createModel(_ input: Operations.CreateModel.Input) async throws -> Operations.CreateModel.Output {
        guard case .json(let draft) = input.body else { throw RequestErrors.unsupportedBody }
        return .created(.init(body: .json(try await live.downloads.createModel(draft))))
    }

    func getModel(_ input: Operations.GetModel.Input) async throws -> Operations.GetModel.Output {
        .ok(.init(body: .json(try await catalog.model(id: input.path.id))))
    }

    func updateModel(_ input: Operations.UpdateModel.Input) async throws -> Operations.UpdateModel.Output {
        guard case .json(let patch) = input.body else { throw RequestErrors.unsupportedBody }
        return .ok(.init(body: .json(try await catalog.updateModel(id: input.path.id, patch))))
    }

    func deleteModel(_ input: Operations.DeleteModel.Input) async throws -> Operations.DeleteModel.Output {
        try await live.downloads.deleteModel(id: input.path.id, deleteLocalFile: input.query.deleteLocalFile ?? false)
        return .noContent(.init())
    }

    func deprecateModel(_ input: Operations.DeprecateModel.Input) async throws -> Operations.DeprecateModel.Output {
        var replacement: String?
        if case .json(let body) = input.body { replacement = body.replacementModelID }
        return .ok(.init(body: .json(try await catalog.deprecateModel(id: input.path.id, replacementID: replacement))))
    }

    func restoreModel(_ input: Operations.RestoreModel.Input) async throws -> Operations.RestoreModel.Output {
        .ok(.init(body: .json(try await catalog.restoreModel(id: input.path.id))))
    }

    func setDefaultModel(_ input: Operations.SetDefaultModel.Input) async throws -> Operations.SetDefaultModel.Output {
        .ok(.init(body: .json(try await catalog.setDefaultModel(id: input.path.id))))
    }
}

/// Query parameters of `GET /api/models`, checked and turned into a catalog query.
struct ModelListRequest {
    let query: Operations.ListModels.Input.Query

    init(_ query: Operations.ListModels.Input.Query) { self.query = query }

    func catalogQuery() throws -> ModelListQuery {
        var fields: [String: FieldError] = [:]
        let limit = query.limit ?? ModelListQuery.defaultLimit
        fields["limit"] = .outside(limit, 1...ModelListQuery.maxLimit, "Limit must be between 1 and \(ModelListQuery.maxLimit).")
        let offset = query.offset ?? 0
        fields["offset"] = .outside(offset, 0...1_000_000_000, "Offset must be between 0 and 1,000,000,000.")
        for (name, value) in [("text", query.text), ("q", query.q)] where (value?.unicodeScalars.count ?? 0) > 200 {
            fields[name] = .tooLong(max: 200, "Search text must be at most 200 characters.")
        }
        let text = query.text ?? query.q
        if let provider = query.provider {
            fields["provider"] = .length(of: provider, max: 128, "Provider id must be 1 to 128 characters.")
        }
        if let cursor = query.cursor {
            // Counted in bytes: the cursor is ASCII, and bytes are what the decoder reads.
            let message = "Cursor must be 1 to 2048 characters."
            if cursor.isEmpty {
                fields["cursor"] = .required(message)
            } else if cursor.utf8.count > 2048 {
                fields["cursor"] = .tooLong(max: 2048, message)
            }
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
        return ModelListQuery(
            providerID: query.provider,
            kind: query.kind.flatMap { ModelListQuery.KindFilter(rawValue: $0.rawValue) },
            status: query.status.flatMap { ModelStatus(rawValue: $0.rawValue) },
            text: text, limit: limit, offset: offset,
            after: try query.cursor.map(PageCursor.decode))
    }
}

enum RequestErrors {
    static let unsupportedBody = HangarError(
        .badRequest, code: .unsupportedMediaType, message: "Send the body as JSON with Content-Type: application/json.")
}
