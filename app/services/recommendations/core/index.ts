// The pure recommendation core: data in, ranked lists out. No database, HTTP
// or queue code lives here; the training worker and the serving routes wrap it.

export * from "./types";
export * from "./interactions";
export * from "./topk";
export * from "./neighbours";
export * from "./copurchase";
export * from "./itemknn";
export * from "./ease";
export * from "./content";
export * from "./popularity";
export * from "./hybrid";
export * from "./rules";
export * from "./metrics";
export { spdInverseInPlace, choleskyInPlace, NotPositiveDefiniteError } from "./linalg";
export { tokenize } from "./text";
