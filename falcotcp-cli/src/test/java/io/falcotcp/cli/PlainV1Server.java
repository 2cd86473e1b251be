package io.falcotcp.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.crypto.FalcoKey;

/**
 * A plain FalcoTCP v1 echo server that knows nothing of the session mode, like the Rust and Python references:
 * written from the protocol document with blocking sockets and the JDK's AES-GCM, one daemon thread per connection.
 */
final class PlainV1Server implements AutoCloseable {

    private final SecureRandom random = new SecureRandom();

    private final SecretKeySpec key;

    private final ServerSocket socket;

    PlainV1Server(FalcoKey key) throws IOException {
        this.key = new SecretKeySpec(key.toByteArray(), "AES");
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "plain-v1-accept");
    }

    int port() {
        return this.socket.getLocalPort();
    }

    private void accept() {
        while (!this.socket.isClosed()) {
            try {
                Socket connection = this.socket.accept();
                daemon(() -> serve(connection), "plain-v1-connection");
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection; DataInputStream in = new DataInputStream(connection.getInputStream());
                DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
            byte[] auth = new byte[157];
            in.readFully(auth);
            if (auth[0] != 0x00 || open(Arrays.copyOfRange(auth, 1, auth.length)) == null) {
                return;
            }
            out.write(0xFF);
            out.flush();
            while (true) {
                int type = in.read();
                if (type == 0x01) {
                    byte[] sealed = new byte[Math.toIntExact(in.readLong())];
                    in.readFully(sealed);
                    byte[] plain = open(sealed);
                    byte[] answer = (plain != null) ? seal(plain) : new byte[0];
                    out.writeLong(answer.length);
                    out.write(answer);
                    out.flush();
                }
                else if (type < 0) {
                    return;
                }
            }
        }
        catch (IOException | GeneralSecurityException ex) {
            // the client went away
        }
    }

    private byte[] open(byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, sealed, 0, 12));
        try {
            return cipher.doFinal(sealed, 12, sealed.length - 12);
        }
        catch (GeneralSecurityException ex) {
            return null;
        }
    }

    private byte[] seal(byte[] plain) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        this.random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
        byte[] sealed = Arrays.copyOf(nonce, 12 + plain.length + 16);
        cipher.doFinal(plain, 0, plain.length, sealed, 12);
        return sealed;
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

}
