export { FluidChart } from './FluidChart';
