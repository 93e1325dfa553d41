// Replaced by the service's bootstrap.
export {};
