// What other features use of user accounts (see the feature's routes for its API).
export { createInvite } from './invites';
export {
  consumeTotpStep,
  deleteRecoveryCodes,
  findInviteByTokenHash,
  findUserByEmail,
  findUserById,
  listActiveAdmins,
  markInviteUsed,
  markRecoveryCodeUsed,
  replaceRecoveryCodes,
  type UserRow,
  updateUser,
} from './repository';
