import HangarCore

/// `createLlmModel`'s input: REST's `POST /api/models` body in camelCase.
struct CreateLlmModelInput: Decodable, Sendable {
    var providerId: GraphQLID
    var name: String
    var apiName: String
    var contextWindow: Int?
    var maxOutputTokens: Int?
    var temperatureDefault: Double?
    var costInputPerMillion: Double?
    var costOutputPerMillion: Double?
    var hfRepo: String?
    var hfRevision: String?
    var modelFile: String?
    var hfToken: String?
    var downloadNow: Bool?

    var draft: ModelDraft {
        ModelDraft(
            providerID: providerId.value, name: name, apiName: apiName, contextWindow: contextWindow, maxOutputTokens: maxOutputTokens,
            temperatureDefault: temperatureDefault, costInputPerMillion: costInputPerMillion, costOutputPerMillion: costOutputPerMillion,
            hfRepo: hfRepo, hfRevision: hfRevision, modelFile: modelFile, hfToken: hfToken, downloadNow: downloadNow)
    }
}

/// `updateLlmModel`'s input: only the fields given change. `null` clears a price, the
/// replacement or the Hugging Face token; it is refused on fields that cannot be empty.
struct UpdateLlmModelInput: Decodable, Sendable {
    var name: String?
    var apiName: String?
    var contextWindow: Int?
    var maxOutputTokens: Int?
    var temperatureDefault: Double?
    var costInputPerMillion: PatchValue<Double>?
    var costOutputPerMillion: PatchValue<Double>?
    var replacementModelId: PatchValue<String>?
    var hfRepo: String?
    var hfRevision: String?
    var modelFile: String?
    var hfToken: PatchValue<String>?
    /// Fields sent as null that cannot be cleared.
    var nulls: [String] = []

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, apiName, contextWindow, maxOutputTokens, temperatureDefault, costInputPerMillion, costOutputPerMillion
        case replacementModelId, hfRepo, hfRevision, modelFile, hfToken
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func plain<T: Decodable>(_ type: T.Type, _ key: CodingKeys, into nulls: inout [String]) throws -> T? {
            guard c.contains(key) else { return nil }
            if try c.decodeNil(forKey: key) {
                nulls.append(key.rawValue)
                return nil
            }
            return try c.decode(type, forKey: key)
        }
        func clearable<T: Decodable & Sendable & Hashable>(_ type: T.Type, _ key: CodingKeys) throws -> PatchValue<T>? {
            guard c.contains(key) else { return nil }
            return try c.decodeNil(forKey: key) ? .clear : .set(try c.decode(type, forKey: key))
        }
        var nulls: [String] = []
        name = try plain(String.self, .name, into: &nulls)
        apiName = try plain(String.self, .apiName, into: &nulls)
        contextWindow = try plain(Int.self, .contextWindow, into: &nulls)
        maxOutputTokens = try plain(Int.self, .maxOutputTokens, into: &nulls)
        temperatureDefault = try plain(Double.self, .temperatureDefault, into: &nulls)
        hfRepo = try plain(String.self, .hfRepo, into: &nulls)
        hfRevision = try plain(String.self, .hfRevision, into: &nulls)
        modelFile = try plain(String.self, .modelFile, into: &nulls)
        costInputPerMillion = try clearable(Double.self, .costInputPerMillion)
        costOutputPerMillion = try clearable(Double.self, .costOutputPerMillion)
        replacementModelId = try clearable(String.self, .replacementModelId)
        hfToken = try clearable(String.self, .hfToken)
        self.nulls = nulls
    }

    func patch() throws -> ModelPatch {
        if !nulls.isEmpty {
            throw HangarError.validation(
                Dictionary(uniqueKeysWithValues: nulls.map { ($0, FieldError.required("\($0) cannot be null; leave it out to keep it.")) }))
        }
        return ModelPatch(
            name: name, apiName: apiName, contextWindow: contextWindow, maxOutputTokens: maxOutputTokens,
            temperatureDefault: temperatureDefault, costInputPerMillion: costInputPerMillion, costOutputPerMillion: costOutputPerMillion,
            replacementModelID: replacementModelId, hfRepo: hfRepo, hfRevision: hfRevision, modelFile: modelFile, hfToken: hfToken)
    }
}

/// What the schema declares for the clearable fields: the key paths name their GraphQL types.
extension UpdateLlmModelInput {
    var costInputPerMillionField: Double? { costInputPerMillion?.value }
    var costOutputPerMillionField: Double? { costOutputPerMillion?.value }
    var replacementModelIdField: GraphQLID? { replacementModelId?.value.map(GraphQLID.init) }
    var hfTokenField: String? { hfToken?.value }
}
