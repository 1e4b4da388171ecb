import HangarCore

/// What to test: a saved connection or an unsaved form, with its key already decrypted.
public struct ConnectionTarget: Sendable {
    public var kind: ProviderKind
    public var baseURL: String?
    public var apiVersion: String?
    public var apiKey: String?
    /// When set, the test ends with a one-token completion on this model (the deployment name
    /// on Azure OpenAI).
    public var completionModel: String?

    public init(
        kind: ProviderKind, baseURL: String? = nil, apiVersion: String? = nil, apiKey: String? = nil,
        completionModel: String? = nil
    ) {
        self.kind = kind
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.apiKey = apiKey
        self.completionModel = completionModel
    }
}
