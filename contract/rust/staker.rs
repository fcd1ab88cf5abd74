//! A staking forwarder written in Rust with no crates at all: not near-sdk-rs, not even the
//! standard library. It exists so the harness is tested on a contract that carries no
//! JavaScript engine, built offline from Debian's rustc (toolchain/rust-build.ts).
//!
//!   stake({"pool"})            payable: records the caller's stake, then calls
//!                              <pool>.deposit_and_stake() with the attached deposit and
//!                              on_stake({"user","amount"}) on itself after it
//!   on_stake({"user","amount"}) private callback: if the pool call failed, takes the stake
//!                              back off the books and transfers the deposit back to the user
//!   get_stake({"account_id"})  view: the account's stake, a decimal string
//!   get_total_staked()         view: all stake recorded, a decimal string
//!
//! The stake is recorded before the pool call (so a second call in the gap sees it) and
//! undone by the callback; that undo is the rollback the harness checks. Built with
//! `--cfg buggy`, the callback takes the stake off the books but keeps the deposit
//! (contract/buggy/build/r-staker-refund-kept.wasm).
//!
//! Every method is an exported `() -> ()` function reading its arguments with `input` and
//! answering with `value_return`; errors are `panic_utf8`. There is no allocator: buffers
//! live on the stack, and anything longer than they hold is refused.
#![no_std]

/// NEAR's host functions (module "env"); every number is a u64, amounts are 16-byte LE u128s in memory.
/// The buggy variant never refunds, so it leaves the transfer functions unused (and unimported).
#[cfg_attr(buggy, allow(dead_code))]
mod near {
    extern "C" {
        pub fn input(register_id: u64);
        pub fn register_len(register_id: u64) -> u64;
        pub fn read_register(register_id: u64, ptr: u64);
        pub fn current_account_id(register_id: u64);
        pub fn predecessor_account_id(register_id: u64);
        pub fn attached_deposit(balance_ptr: u64);
        pub fn value_return(value_len: u64, value_ptr: u64);
        pub fn panic_utf8(len: u64, ptr: u64) -> !;
        pub fn log_utf8(len: u64, ptr: u64);
        pub fn storage_read(key_len: u64, key_ptr: u64, register_id: u64) -> u64;
        pub fn storage_write(key_len: u64, key_ptr: u64, value_len: u64, value_ptr: u64, register_id: u64) -> u64;
        pub fn storage_remove(key_len: u64, key_ptr: u64, register_id: u64) -> u64;
        pub fn promise_create(
            account_id_len: u64,
            account_id_ptr: u64,
            method_name_len: u64,
            method_name_ptr: u64,
            arguments_len: u64,
            arguments_ptr: u64,
            amount_ptr: u64,
            gas: u64,
        ) -> u64;
        pub fn promise_then(
            promise_index: u64,
            account_id_len: u64,
            account_id_ptr: u64,
            method_name_len: u64,
            method_name_ptr: u64,
            arguments_len: u64,
            arguments_ptr: u64,
            amount_ptr: u64,
            gas: u64,
        ) -> u64;
        pub fn promise_batch_create(account_id_len: u64, account_id_ptr: u64) -> u64;
        pub fn promise_batch_action_transfer(promise_index: u64, amount_ptr: u64);
        pub fn promise_results_count() -> u64;
        pub fn promise_result(result_idx: u64, register_id: u64) -> u64;
        pub fn promise_return(promise_index: u64);
    }
}

const TGAS: u64 = 1_000_000_000_000;
/// Gas for the pool's deposit_and_stake (the same as the example vault gives its pools).
const POOL_GAS: u64 = 60 * TGAS;
/// Gas for on_stake: a few storage writes and at most one transfer.
const CALLBACK_GAS: u64 = 20 * TGAS;
/// The register every host call here reads through.
const REG: u64 = 0;
/// promise_result's status for a successful call (0 not ready, 2 failed).
const RESULT_SUCCESSFUL: u64 = 1;
/// NEAR account ids are at most 64 bytes.
const MAX_ACCOUNT_ID: usize = 64;
const TOTAL_KEY: &[u8] = b"total";

fn fail(message: &[u8]) -> ! {
    unsafe { near::panic_utf8(message.len() as u64, message.as_ptr() as u64) }
}

// A Rust panic (an index out of bounds) would be a bug here; it still ends the call with a
// message rather than a bare trap. Its details are not formatted: that would pull in core::fmt.
#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo) -> ! {
    fail(b"the contract panicked (a bug in contract/rust/staker.rs)")
}

/// A fixed-capacity byte buffer on the stack: all the contract needs instead of a heap.
struct Buf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Buf<N> {
    fn new() -> Self {
        Buf { bytes: [0; N], len: 0 }
    }
    fn push(&mut self, data: &[u8]) -> &mut Self {
        let end = self.len + data.len();
        if end > N {
            fail(b"internal buffer too small");
        }
        self.bytes[self.len..end].copy_from_slice(data);
        self.len = end;
        self
    }
    fn push_u128(&mut self, value: u128) -> &mut Self {
        let mut digits = [0u8; 39];
        let mut at = digits.len();
        let mut rest = value;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.push(&digits[at..])
    }
    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
    fn ptr(&self) -> u64 {
        self.bytes.as_ptr() as u64
    }
    fn len64(&self) -> u64 {
        self.len as u64
    }
}

/// Copies register REG into a buffer; `what` names it if it does not fit.
fn read_register<const N: usize>(what: &[u8]) -> Buf<N> {
    let mut buf = Buf::<N>::new();
    let len = unsafe { near::register_len(REG) };
    if len > N as u64 {
        let mut message = Buf::<128>::new();
        message.push(what).push(b" is too long");
        fail(message.as_slice());
    }
    unsafe { near::read_register(REG, buf.ptr()) };
    buf.len = len as usize;
    buf
}

fn arguments() -> Buf<1024> {
    unsafe { near::input(REG) };
    read_register(b"the arguments")
}

fn predecessor() -> Buf<MAX_ACCOUNT_ID> {
    unsafe { near::predecessor_account_id(REG) };
    read_register(b"the predecessor account id")
}

fn current_account() -> Buf<MAX_ACCOUNT_ID> {
    unsafe { near::current_account_id(REG) };
    read_register(b"the current account id")
}

fn log(line: &[u8]) {
    unsafe { near::log_utf8(line.len() as u64, line.as_ptr() as u64) }
}

fn return_json_u128(value: u128) {
    let mut out = Buf::<48>::new();
    out.push(b"\"").push_u128(value).push(b"\"");
    unsafe { near::value_return(out.len64(), out.ptr()) }
}

// ---- JSON arguments: a flat object whose values the contract reads are strings ----

/// The string value of `key` in a flat JSON object. Keys and strings must have no escapes
/// (account ids and decimal amounts never need one); other keys are allowed if their values
/// are strings, so that a caller's extra field is ignored rather than refused.
fn string_arg<'a>(json: &'a [u8], key: &[u8]) -> &'a [u8] {
    let mut p = Parser { s: json, at: 0 };
    let mut found: Option<&'a [u8]> = None;
    p.skip_ws();
    p.expect(b'{');
    p.skip_ws();
    if p.peek() == Some(b'}') {
        p.at += 1;
    } else {
        loop {
            p.skip_ws();
            let name = p.string();
            p.skip_ws();
            p.expect(b':');
            p.skip_ws();
            if p.peek() != Some(b'"') {
                let mut message = Buf::<128>::new();
                message.push(b"argument \"").push(name).push(b"\" must be a string");
                fail(message.as_slice());
            }
            let value = p.string();
            if name == key {
                if found.is_some() {
                    fail(b"an argument is given twice");
                }
                found = Some(value);
            }
            p.skip_ws();
            match p.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                _ => fail(b"the arguments are not a JSON object"),
            }
        }
    }
    p.skip_ws();
    if p.at != json.len() {
        fail(b"the arguments are not a JSON object");
    }
    match found {
        Some(value) => value,
        None => {
            let mut message = Buf::<128>::new();
            message.push(b"missing argument \"").push(key).push(b"\"");
            fail(message.as_slice())
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.at += 1;
        c
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }
    fn expect(&mut self, c: u8) {
        if self.next() != Some(c) {
            fail(b"the arguments are not a JSON object");
        }
    }
    fn string(&mut self) -> &'a [u8] {
        self.expect(b'"');
        let start = self.at;
        loop {
            match self.next() {
                Some(b'"') => return &self.s[start..self.at - 1],
                Some(b'\\') => fail(b"escapes in argument strings are not supported"),
                Some(c) if c < 0x20 => fail(b"the arguments are not a JSON object"),
                Some(_) => {}
                None => fail(b"the arguments are not a JSON object"),
            }
        }
    }
}

/// A u128 written as a decimal string, as NEAR's JSON amounts are.
fn parse_u128(text: &[u8]) -> u128 {
    if text.is_empty() || text.len() > 39 {
        fail(b"an amount must be a decimal string of at most 39 digits");
    }
    let mut value: u128 = 0;
    for &c in text {
        if !c.is_ascii_digit() {
            fail(b"an amount must be a decimal string");
        }
        value = match value.checked_mul(10).and_then(|v| v.checked_add((c - b'0') as u128)) {
            Some(v) => v,
            None => fail(b"an amount must be below 2^128"),
        };
    }
    value
}

// ---- the books: per-account stake under "s:<account>", the sum under "total", u128 LE ----

fn stake_key(account: &[u8]) -> Buf<{ 2 + MAX_ACCOUNT_ID }> {
    if account.len() > MAX_ACCOUNT_ID {
        fail(b"account id too long");
    }
    let mut key = Buf::new();
    key.push(b"s:").push(account);
    key
}

fn read_amount(key: &[u8]) -> u128 {
    if unsafe { near::storage_read(key.len() as u64, key.as_ptr() as u64, REG) } == 0 {
        return 0;
    }
    let stored = read_register::<16>(b"a stored amount");
    if stored.len != 16 {
        fail(b"a stored amount is not 16 bytes");
    }
    u128::from_le_bytes(stored.bytes)
}

/// Writes an amount; zero removes the record, so that a stake taken back leaves no trace.
fn write_amount(key: &[u8], value: u128) {
    unsafe {
        if value == 0 {
            near::storage_remove(key.len() as u64, key.as_ptr() as u64, REG);
        } else {
            let bytes = value.to_le_bytes();
            near::storage_write(key.len() as u64, key.as_ptr() as u64, 16, bytes.as_ptr() as u64, REG);
        }
    }
}

fn add_stake(account: &[u8], amount: u128) {
    let key = stake_key(account);
    match (read_amount(key.as_slice()).checked_add(amount), read_amount(TOTAL_KEY).checked_add(amount)) {
        (Some(stake), Some(total)) => {
            write_amount(key.as_slice(), stake);
            write_amount(TOTAL_KEY, total);
        }
        _ => fail(b"stake overflows a u128"),
    }
}

fn remove_stake(account: &[u8], amount: u128) {
    let key = stake_key(account);
    match (read_amount(key.as_slice()).checked_sub(amount), read_amount(TOTAL_KEY).checked_sub(amount)) {
        (Some(stake), Some(total)) => {
            write_amount(key.as_slice(), stake);
            write_amount(TOTAL_KEY, total);
        }
        _ => fail(b"taking back more stake than is recorded"),
    }
}

// ---- methods ----

#[no_mangle]
pub extern "C" fn stake() {
    let args = arguments();
    let pool = string_arg(args.as_slice(), b"pool");
    let mut deposit = [0u8; 16];
    unsafe { near::attached_deposit(deposit.as_mut_ptr() as u64) };
    let amount = u128::from_le_bytes(deposit);
    if amount == 0 {
        fail(b"attach the NEAR to stake");
    }
    let user = predecessor();
    // Recorded now, taken back by on_stake if the pool refuses.
    add_stake(user.as_slice(), amount);

    let me = current_account();
    let mut callback_args = Buf::<160>::new();
    callback_args.push(b"{\"user\":\"").push(user.as_slice()).push(b"\",\"amount\":\"").push_u128(amount).push(b"\"}");
    let call: &[u8] = b"deposit_and_stake";
    let empty: &[u8] = b"{}";
    let callback: &[u8] = b"on_stake";
    let no_deposit = [0u8; 16];
    unsafe {
        let at_pool = near::promise_create(
            pool.len() as u64,
            pool.as_ptr() as u64,
            call.len() as u64,
            call.as_ptr() as u64,
            empty.len() as u64,
            empty.as_ptr() as u64,
            deposit.as_ptr() as u64,
            POOL_GAS,
        );
        let settled = near::promise_then(
            at_pool,
            me.len64(),
            me.ptr(),
            callback.len() as u64,
            callback.as_ptr() as u64,
            callback_args.len64(),
            callback_args.ptr(),
            no_deposit.as_ptr() as u64,
            CALLBACK_GAS,
        );
        // The transaction's result is the callback's: true if staked, false if refunded.
        near::promise_return(settled);
    }
}

#[no_mangle]
pub extern "C" fn on_stake() {
    // Private: only this contract's own promise may call it, or anyone could unbook stake and be paid.
    if predecessor().as_slice() != current_account().as_slice() {
        fail(b"Method on_stake is private");
    }
    let args = arguments();
    let user = string_arg(args.as_slice(), b"user");
    let amount = parse_u128(string_arg(args.as_slice(), b"amount"));
    if unsafe { near::promise_results_count() } != 1 {
        fail(b"on_stake expects exactly one promise result");
    }
    if unsafe { near::promise_result(0, REG) } == RESULT_SUCCESSFUL {
        unsafe { near::value_return(4, b"true".as_ptr() as u64) };
        return;
    }
    // The pool refused: NEAR refunds the deposit to this contract, so the stake comes off the
    // books and the deposit goes back to the user who attached it.
    remove_stake(user, amount);
    refund(user, amount);
    let mut line = Buf::<192>::new();
    line.push(b"stake of ").push_u128(amount).push(b" by ").push(user).push(b" failed at the pool and was taken back");
    log(line.as_slice());
    unsafe { near::value_return(5, b"false".as_ptr() as u64) };
}

#[cfg(not(buggy))]
fn refund(user: &[u8], amount: u128) {
    let bytes = amount.to_le_bytes();
    unsafe {
        let transfer = near::promise_batch_create(user.len() as u64, user.as_ptr() as u64);
        near::promise_batch_action_transfer(transfer, bytes.as_ptr() as u64);
    }
}

/// The defect of variant r: the refund NEAR sends back to the contract is never passed on.
#[cfg(buggy)]
fn refund(_user: &[u8], _amount: u128) {}

#[no_mangle]
pub extern "C" fn get_stake() {
    let args = arguments();
    let key = stake_key(string_arg(args.as_slice(), b"account_id"));
    return_json_u128(read_amount(key.as_slice()));
}

#[no_mangle]
pub extern "C" fn get_total_staked() {
    return_json_u128(read_amount(TOTAL_KEY));
}
