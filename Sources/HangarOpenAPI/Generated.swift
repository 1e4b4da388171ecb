// This target is generated from openapi.yaml (a link to Sources/HTTPAPI/openapi.yaml, which
// HTTPAPI also serves): types, the server's `APIProtocol` and the `Client`, once, with one
// configuration, so the server and HangarClient can never read two versions of the contract.
// Schemas that are domain types are overridden to the HangarCore ones (see
// openapi-generator-config.yaml); the generated code needs only OpenAPIRuntime, and the
// transports (Hummingbird, AsyncHTTPClient) stay in HTTPAPI and HangarClient.
