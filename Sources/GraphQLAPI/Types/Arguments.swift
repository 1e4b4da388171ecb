import GraphQL
import HangarCore

/// Arguments decode by property name, so each property is named as the argument is.
struct IDArguments: Decodable, Sendable {
    var id: GraphQLID
}

struct ModelPageArguments: Decodable, Sendable {
    var filter: LlmModelFilter?
    var first: Int?
    var after: String?
}

struct LlmModelFilter: Decodable, Sendable {
    var providerId: GraphQLID?
    var kind: LlmModelKind?
    var providerKind: LlmProviderKind?
    var status: LlmModelStatus?
    var text: String?
}

struct PurposeArguments: Decodable, Sendable {
    var purpose: LlmModelPurpose?
}

struct UsageArguments: Decodable, Sendable {
    var from: String?
    var to: String?
    var modelId: GraphQLID?
    var providerId: GraphQLID?
}

struct CreateModelArguments: Decodable, Sendable {
    var input: CreateLlmModelInput
}

struct UpdateModelArguments: Decodable, Sendable {
    var id: GraphQLID
    var input: UpdateLlmModelInput
}

struct DeprecateModelArguments: Decodable, Sendable {
    var id: GraphQLID
    var replacementId: GraphQLID?
}

struct SetDefaultArguments: Decodable, Sendable {
    var id: GraphQLID
    var purpose: LlmModelPurpose?
}

struct DeleteModelArguments: Decodable, Sendable {
    var id: GraphQLID
    var deleteLocalFile: Bool?
}

struct SettingArguments: Decodable, Sendable {
    var key: String
    var value: Map
}
