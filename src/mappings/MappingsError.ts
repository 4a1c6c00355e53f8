/** `.map` files or the catalog snapshot could not be read: the message names the path and the cause, for a person to fix. */
export class MappingsError extends Error {
  override name = "MappingsError";
}
