/** The panel's stylesheet (styles.css), minified into the bundle as a string for the shadow root. */
export { default as panelCss } from './styles.css?inline';
