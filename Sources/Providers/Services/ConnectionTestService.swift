import Catalog
import Governance
import HangarCore
import Storage

/// Runs connection tests for saved connections (storing the result as `last_test`) and for
/// unsaved forms (storing nothing). Keys are opened here and handed to the tester only.
public struct ConnectionTestService: Sendable {
    public let catalog: CatalogService
    public let tester: ConnectionTester
    /// The completion stage is a model call, so it waits its turn under the connection's limits.
    public let governor: CallGovernor

    public init(catalog: CatalogService, tester: ConnectionTester, governor: CallGovernor) {
        self.catalog = catalog
        self.tester = tester
        self.governor = governor
    }

    public func test(providerID: String, options: ConnectionTestOptions) async throws -> ConnectionTestResult {
        if let id = options.modelID, let problem = FieldError.length(of: id, max: 128, "Model id must be 1 to 128 characters.") {
            throw HangarError.validation(["model_id": problem])
        }
        let provider = try await catalog.provider(id: providerID)
        try Self.requireTestable(provider.kind)
        let completionModel = try await completionModel(of: provider, options: options)
        let result: ConnectionTestResult
        do {
            let key = try await catalog.apiKey(ofProvider: provider.id)
            result = try await withinLimits(of: provider, completion: completionModel != nil) {
                await tester.test(
                    ConnectionTarget(
                        kind: provider.kind, baseURL: provider.baseURL, apiVersion: provider.apiVersion, apiKey: key,
                        completionModel: completionModel))
            }
        } catch let error as HangarError where error.code == .secretUnreadable {
            result = ConnectionTester.secretUnreadable()
        }
        try await catalog.recordTest(result, providerID: provider.id)
        return result
    }

    public func test(form: ConnectionTestForm) async throws -> ConnectionTestResult {
        var fields: [String: FieldError] = [:]
        let kind = CatalogService.creatableKind(form.kind)
        if kind == nil { fields["kind"] = .invalid(CatalogService.kindRule) }
        fields["base_url"] = FieldRules.baseURL(form.baseURL)
        fields["api_version"] = form.apiVersion.flatMap(FieldRules.apiVersion)
        fields["api_key"] = form.apiKey.flatMap(FieldRules.apiKey)
        fields["model"] = form.model.flatMap(FieldRules.apiName)
        if let id = form.providerID {
            fields["provider_id"] = .length(of: id, max: 128, "Connection id must be 1 to 128 characters.")
        }
        guard let kind, fields.isEmpty else { throw HangarError.validation(fields) }
        var key = form.apiKey
        if key == nil, let id = form.providerID {
            let provider = try await catalog.provider(id: id)
            do {
                key = try await catalog.apiKey(ofProvider: provider.id)
            } catch let error as HangarError where error.code == .secretUnreadable {
                return ConnectionTester.secretUnreadable()
            }
        }
        return await tester.test(
            ConnectionTarget(
                kind: kind, baseURL: form.baseURL, apiVersion: form.apiVersion, apiKey: key,
                completionModel: form.completion == true ? (form.model ?? "") : nil))
    }

    /// Runs a test whose completion stage takes a slot under the connection's limits; when the
    /// limits leave none in time, the test fails at that stage without calling the upstream.
    private func withinLimits(
        of provider: Provider, completion: Bool, _ test: () async -> ConnectionTestResult
    ) async throws -> ConnectionTestResult {
        guard completion else { return await test() }
        let permit: CallGovernor.Permit
        do {
            permit = try await governor.acquire(
                providerID: provider.id, providerName: provider.name, limits: ProviderLimits(of: provider), tokens: 16,
                deadline: .now + .seconds(10))
        } catch let error as HangarError where error.kind == .rateLimited || error.code == .exceedsTpmLimit {
            return ConnectionTester.heldByLimits(error.message)
        }
        let result = await test()
        await governor.release(permit, tokens: nil)
        return result
    }

    static func requireTestable(_ kind: ProviderKind) throws {
        if kind == .local {
            throw HangarError(
                .conflict, code: .providerKind,
                message: "The local provider serves files from this machine; there is no upstream to test.")
        }
    }

    /// The model of the completion stage: the one asked for, else the connection's default.
    private func completionModel(of provider: Provider, options: ConnectionTestOptions) async throws -> String? {
        guard options.completion == true else { return nil }
        let modelID = options.modelID ?? provider.defaultModelID
        guard let modelID else {
            throw HangarError(
                .conflict, code: .noModel,
                message: "'\(provider.name)' has no default model; pass model_id to choose the model of the completion test.",
                fields: ["model_id": .required("Choose a model for the completion test.")])
        }
        let model: CatalogModel
        do {
            model = try await catalog.model(id: modelID)
        } catch let error as HangarError where error.kind == .notFound {
            throw HangarError(
                .notFound, code: .modelNotFound, message: "No model with id '\(modelID.prefix(80))'.",
                fields: ["model_id": .notFound("No model with this id.")])
        }
        guard model.providerID == provider.id else {
            throw HangarError(
                .conflict, code: .modelOfOtherProvider,
                message: "'\(model.name)' belongs to another connection; pick a model of '\(provider.name)'.",
                fields: ["model_id": FieldError(.otherProvider, "The model must belong to this connection.")])
        }
        return model.apiName
    }
}
