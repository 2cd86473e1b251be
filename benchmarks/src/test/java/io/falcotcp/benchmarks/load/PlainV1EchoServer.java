package io.falcotcp.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.crypto.FalcoKey;

/**
 * A FalcoTCP v1 echo server that knows nothing of the session mode, as the Rust and Python references: written
 * from the protocol document with blocking sockets and the JDK's AES-GCM, one thread per connection.
 */
final class PlainV1EchoServer implements AutoCloseable {

    private static final int NONCE = 12;

    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();

    private final SecretKeySpec key;

    private final ServerSocket socket;

    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    PlainV1EchoServer(FalcoKey key) throws IOException {
        this.key = new SecretKeySpec(key.toByteArray(), "AES");
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "plain-v1-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return this.socket.getLocalPort();
    }

    private void accept() {
        while (!this.socket.isClosed()) {
            try {
                Socket connection = this.socket.accept();
                this.connections.add(connection);
                Thread thread = new Thread(() -> serve(connection), "plain-v1-connection");
                thread.setDaemon(true);
                thread.start();
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()));
            byte[] auth = new byte[157];
            in.readFully(auth);
            if (auth[0] != 0x00) {
                return;
            }
            open(auth, 1, 156);
            out.write(0xFF);
            out.flush();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                if (type == 0x01) {
                    byte[] sealed = new byte[(int) in.readLong()];
                    in.readFully(sealed);
                    byte[] answer = seal(open(sealed, 0, sealed.length));
                    out.writeLong(answer.length);
                    out.write(answer);
                    if (in.available() == 0) {
                        out.flush();
                    }
                }
            }
        }
        catch (IOException | GeneralSecurityException ex) {
            // a closed or rejected connection: nothing to answer
        }
    }

    private byte[] open(byte[] frame, int offset, int length) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, frame, offset, NONCE));
        return cipher.doFinal(frame, offset + NONCE, length - NONCE);
    }

    private byte[] seal(byte[] plaintext) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE];
        this.random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
        byte[] sealed = new byte[NONCE + cipher.getOutputSize(plaintext.length)];
        System.arraycopy(nonce, 0, sealed, 0, NONCE);
        cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE);
        return sealed;
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
        for (Socket connection : this.connections) {
            connection.close();
        }
    }

}
