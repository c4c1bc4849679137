export { DefinitionLink, definitionHref } from './DefinitionLink';
