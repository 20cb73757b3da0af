// What other features use of sign-in (see the feature's routes for its API).
export { checkTotp } from './mfa';
