"""The resource namespaces of the client, one module per resource, nested as the client's."""
