// What other features use of user accounts (see the feature's routes for its API).
export { createInvite } from './invites';
export {
  consumeTotpStep,
  deleteRecoveryCodes,
  findInviteByTokenHash,
  findPortalAccount,
  findUserByEmail,
  findUserById,
  insertUser,
  listActiveAdmins,
  markInviteUsed,
  markRecoveryCodeUsed,
  namesOf,
  replaceRecoveryCodes,
  rolesOf,
  type UserRow,
  updateUser,
} from './repository';
