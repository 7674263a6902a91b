/**
 * Users the images run as. Pod Security "restricted" can only verify numeric ids, so every image
 * the charts run is listed here with the uid its Dockerfile declares.
 */
export interface RunAsUser {
  readonly uid: number;
  readonly gid: number;
}

/** Official postgres (Debian) and redis images: uid/gid 999. Below 10000 by upstream choice. */
export const POSTGRES_USER: RunAsUser = { uid: 999, gid: 999 };
export const REDIS_USER: RunAsUser = { uid: 999, gid: 999 };
/** nginxinc/nginx-unprivileged, the docs image's base: uid/gid 101. */
export const NGINX_UNPRIVILEGED_USER: RunAsUser = { uid: 101, gid: 101 };
/** Static Go binaries (Mailpit, Mailhog) run as any user; pick a high one. */
export const STATIC_BINARY_USER: RunAsUser = { uid: 10001, gid: 10001 };
