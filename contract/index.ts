/** The HTTP contract: request and response schemas of every route, shared by the server and the web. */
export {};
