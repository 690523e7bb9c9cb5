/** A stylesheet imported with `?inline`: Vite minifies it and hands it over as a string. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
