// The stand-in's login ways beyond the plain app code (required from standin.js), as core.telegram.org/api/auth,
// /api/auth#email-verification and /api/qr-login describe them. Scripted accounts (their users are script.js's):
//   +15550010  500 AUTH_RESTART on the first N auth.sendCode (command authRestarts), then an app code
//   +15550011  the code goes to the login e-mail (auth.sentCodeTypeEmailCode, pattern j***@g***.com)
//   +15550012  auth.sentCodeTypeSetUpEmailRequired: account.sendVerifyEmailCode / account.verifyEmail with
//              emailVerifyPurposeLoginSetup, then the login code by e-mail; two-step password "setup pw"
//   +15550013  SMS with next_type call and a timeout (auth.resendCode), then a call without next_type
//   +15550014  Fragment (auth.sentCodeTypeFragmentSms)
// QR login for every account: auth.exportLoginToken hands out tokens that expire (command qrTtl); the command
// scanQr stands for a logged-in phone app accepting the token (auth.acceptLoginToken): Telegram then pushes
// updateLoginToken to the exporting session, and the next exportLoginToken answers auth.loginTokenSuccess, or
// auth.loginTokenMigrateTo when the account lives on the other DC (auth.importLoginToken there), or
// 401 SESSION_PASSWORD_NEEDED for an account with two-step verification.
"use strict";
const crypto = require("crypto");
const { Api } = require("telegram");

const EMAIL_LOGIN_CODE = "246810"; // the login code every e-mail delivery sends
const EMAIL_VERIFY_CODE = "135790"; // the verification code of the e-mail setup
const EMAIL_EXPIRED_CODE = "000000"; // a verification code that has expired

function install({ handlers, commands, world, RpcError, authorize, API_ID, API_HASH, LOGIN_CODE }) {
    const base = { sendCode: handlers["auth.SendCode"], signIn: handlers["auth.SignIn"] };
    const scripted = new Map([
        ["15550010", { userId: 2000, kind: "restart", restarts: 0 }],
        ["15550011", { userId: 2005, kind: "email", email: "jane.doe@gmail.com" }],
        ["15550012", { userId: 2010, kind: "setupEmail", password: "setup pw", hint: "setup" }],
        ["15550013", { userId: 2015, kind: "sms" }],
        ["15550014", { userId: 2020, kind: "fragment" }],
    ]);
    for (const [phone, a] of scripted) {
        world.accounts.set(phone, { phone, userId: a.userId, dc: 1, password: a.password || null, hint: a.hint });
    }
    const codes = new Map(); // phone_code_hash -> { phone, email, sentAt, timeout, step }
    const tokens = new Map(); // login token (hex) -> { entry, conn, expires, accepted, migrateTo }
    const counts = { earlyResends: 0 };
    let qrTtl = 30;
    const now = () => Math.floor(Date.now() / 1000);
    const norm = (phone) => phone.replace(/^\+/, "");
    const mask = (email) => { const [u, d] = email.split("@"); const [h, ...t] = d.split(".");
        return `${u[0]}***@${h[0]}***.${t.join(".")}`; };

    function sentCode(phone, type, extra = {}) {
        const hash = crypto.randomBytes(8).toString("hex");
        codes.set(hash, Object.assign({ phone, email: type instanceof Api.auth.SentCodeTypeEmailCode, sentAt: Date.now(),
            timeout: extra.timeout || 0, step: extra.step || 0 }, extra));
        return new Api.auth.SentCode(Object.assign({ type, phoneCodeHash: hash }, extra.wire || {}));
    }
    const emailCode = (a) => new Api.auth.SentCodeTypeEmailCode({ emailPattern: mask(a.email), length: 6 });

    handlers["auth.SendCode"] = (r, conn) => {
        const phone = norm(r.phoneNumber);
        const a = scripted.get(phone);
        if (!a) return base.sendCode(r, conn);
        if (r.apiId !== API_ID || r.apiHash !== API_HASH) throw new RpcError(400, "API_ID_INVALID");
        switch (a.kind) {
            case "restart":
                if (a.restarts > 0) { a.restarts--; throw new RpcError(500, "AUTH_RESTART"); }
                return sentCode(phone, new Api.auth.SentCodeTypeApp({ length: 5 }));
            case "email": return sentCode(phone, emailCode(a));
            case "setupEmail":
                return a.email ? sentCode(phone, emailCode(a))
                    : sentCode(phone, new Api.auth.SentCodeTypeSetUpEmailRequired({}), { setup: true });
            case "sms":
                return sentCode(phone, new Api.auth.SentCodeTypeSms({ length: 5 }),
                    { timeout: 2, wire: { nextType: new Api.auth.CodeTypeCall(), timeout: 2 } });
            default:
                return sentCode(phone, new Api.auth.SentCodeTypeFragmentSms({
                    url: "https://fragment.com/number/88801234567/code", length: 5 }));
        }
    };

    handlers["auth.ResendCode"] = (r) => {
        const sent = codes.get(r.phoneCodeHash);
        if (!sent || sent.phone !== norm(r.phoneNumber)) throw new RpcError(400, "PHONE_CODE_EXPIRED");
        if (sent.phone !== "15550013" || sent.step > 0) throw new RpcError(406, "SEND_CODE_UNAVAILABLE");
        if (Date.now() < sent.sentAt + sent.timeout * 1000) counts.earlyResends++;
        codes.delete(r.phoneCodeHash); // the old hash is spent: its code no longer signs in
        return sentCode(sent.phone, new Api.auth.SentCodeTypeCall({ length: 5 }), { step: 1 });
    };

    handlers["auth.SignIn"] = (r, conn) => {
        const sent = codes.get(r.phoneCodeHash);
        if (!sent) return base.signIn(r, conn);
        if (sent.phone !== norm(r.phoneNumber)) throw new RpcError(400, "PHONE_CODE_EXPIRED");
        if (sent.setup) throw new RpcError(400, "PHONE_CODE_INVALID"); // no code was sent: the e-mail comes first
        if (sent.email) {
            if (r.phoneCode != null) throw new RpcError(400, "PHONE_CODE_INVALID"); // the code is not a phone code
            const v = r.emailVerification;
            if (!(v instanceof Api.EmailVerificationCode)) throw new RpcError(400, "EMAIL_VERIFICATION_CODE_INVALID");
            if (v.code !== EMAIL_LOGIN_CODE) throw new RpcError(400, "EMAIL_CODE_INVALID");
        } else if (r.phoneCode !== LOGIN_CODE) {
            throw new RpcError(400, r.phoneCode ? "PHONE_CODE_INVALID" : "PHONE_CODE_EMPTY");
        }
        codes.delete(r.phoneCodeHash);
        return authorize(conn, sent.phone);
    };

    // https://core.telegram.org/api/auth#email-verification
    function setupPurpose(purpose) {
        if (!(purpose instanceof Api.EmailVerifyPurposeLoginSetup)) throw new RpcError(400, "EMAIL_NOT_SETUP");
        const sent = codes.get(purpose.phoneCodeHash);
        if (!sent || !sent.setup || sent.phone !== norm(purpose.phoneNumber)) throw new RpcError(400, "PHONE_HASH_EXPIRED");
        return sent;
    }
    handlers["account.SendVerifyEmailCode"] = (r) => {
        const sent = setupPurpose(r.purpose);
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email)) throw new RpcError(400, "EMAIL_INVALID");
        sent.pendingEmail = r.email;
        sent.verifySentAt = Date.now();
        return new Api.account.SentEmailCode({ emailPattern: mask(r.email), length: 6 });
    };
    handlers["account.VerifyEmail"] = (r) => {
        const sent = setupPurpose(r.purpose);
        if (!sent.pendingEmail) throw new RpcError(400, "EMAIL_INVALID");
        const v = r.verification;
        if (!(v instanceof Api.EmailVerificationCode)) throw new RpcError(400, "EMAIL_NOT_ALLOWED");
        if (v.code === EMAIL_EXPIRED_CODE) throw new RpcError(400, "EMAIL_VERIFY_EXPIRED");
        if (v.code !== EMAIL_VERIFY_CODE) throw new RpcError(400, "CODE_INVALID");
        const a = scripted.get(sent.phone);
        a.email = sent.pendingEmail;
        codes.delete(r.purpose.phoneCodeHash);
        return new Api.account.EmailVerifiedLogin({ email: a.email, sentCode: sentCode(sent.phone, emailCode(a)) });
    };

    // https://core.telegram.org/api/qr-login
    handlers["auth.ExportLoginToken"] = (r, conn) => {
        if (r.apiId !== API_ID || r.apiHash !== API_HASH) throw new RpcError(400, "API_ID_INVALID");
        for (const [hex, t] of tokens) {
            if (t.entry !== conn.entry || !t.accepted || t.migrateTo) continue;
            if (t.accepted.dc !== conn.dc) {
                const token = crypto.randomBytes(32);
                tokens.set(token.toString("hex"), { entry: null, conn: null, expires: now() + qrTtl,
                    accepted: t.accepted, migrateTo: t.accepted.dc });
                tokens.delete(hex);
                return new Api.auth.LoginTokenMigrateTo({ dcId: t.accepted.dc, token });
            }
            tokens.delete(hex);
            return new Api.auth.LoginTokenSuccess({ authorization: authorize(conn, t.accepted.phone) });
        }
        const token = crypto.randomBytes(32);
        const expires = now() + qrTtl;
        tokens.set(token.toString("hex"), { entry: conn.entry, conn, expires, accepted: null });
        return new Api.auth.LoginToken({ expires, token });
    };
    handlers["auth.ImportLoginToken"] = (r, conn) => {
        const hex = Buffer.from(r.token).toString("hex");
        const t = tokens.get(hex);
        if (!t || !t.migrateTo) throw new RpcError(400, "AUTH_TOKEN_INVALID");
        if (t.migrateTo !== conn.dc) throw new RpcError(400, "AUTH_TOKEN_INVALID");
        if (t.expires <= now()) throw new RpcError(400, "AUTH_TOKEN_EXPIRED");
        tokens.delete(hex);
        return new Api.auth.LoginTokenSuccess({ authorization: authorize(conn, t.accepted.phone) });
    };

    Object.assign(commands, {
        authRestarts: (c) => { scripted.get("15550010").restarts = c.count; return {}; },
        qrTtl: (c) => { qrTtl = c.seconds; return {}; },
        // a logged-in phone app scanning the QR code: auth.acceptLoginToken(token), then updateLoginToken pushed
        scanQr: (c) => {
            const m = /^tg:\/\/login\?token=([A-Za-z0-9_-]+=*)$/.exec(c.url);
            if (!m) return { accepted: false, error: "not a tg://login link" };
            const t = tokens.get(Buffer.from(m[1], "base64url").toString("hex"));
            if (!t || t.migrateTo) return { accepted: false, error: "AUTH_TOKEN_INVALID" };
            if (t.expires <= now()) return { accepted: false, error: "AUTH_TOKEN_EXPIRED" };
            if (t.accepted) return { accepted: false, error: "AUTH_TOKEN_ALREADY_ACCEPTED" };
            t.accepted = world.accounts.get(norm(c.phone));
            t.conn.send(new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: now() }).getBytes(), true)
                .catch(() => {});
            return { accepted: true };
        },
        loginInfo: () => ({ earlyResends: counts.earlyResends, emailLoginCode: EMAIL_LOGIN_CODE,
            emailVerifyCode: EMAIL_VERIFY_CODE, emailExpiredCode: EMAIL_EXPIRED_CODE }),
    });
}

module.exports = { install };
