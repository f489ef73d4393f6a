"""The resource namespaces of the client, one module per top-level resource."""
